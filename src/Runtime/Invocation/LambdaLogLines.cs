using System.Globalization;
using Platform.Contracts.Functions;

namespace Platform.Runtime.Invocation;

/// <summary>The lines Lambda itself writes at the end of an invocation's log (after the runtime's own):
/// the timeout notice, END and REPORT, in Lambda's format.</summary>
internal static class LambdaLogLines
{
    public static void End(InvocationOutput output, string requestId, FunctionDefinition definition, double durationMs, InvocationMetrics metrics,
        bool timedOut, DateTimeOffset now)
    {
        var c = CultureInfo.InvariantCulture;
        if (timedOut)
            output.AppendLine($"{now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", c)} {requestId} Task timed out after {definition.Timeout.TotalSeconds.ToString("F2", c)} seconds");
        output.AppendLine($"END RequestId: {requestId}");
        var report = $"REPORT RequestId: {requestId}\tDuration: {durationMs.ToString("F2", c)} ms\tBilled Duration: {Math.Max(1, (long)Math.Ceiling(durationMs)).ToString(c)} ms\tMemory Size: {definition.MemorySize.ToString(c)} MB";
        if (metrics.MaxMemoryUsedMb is { } memory)
            report += $"\tMax Memory Used: {memory.ToString(c)} MB";
        if (metrics.InitDuration is { } init)
            report += $"\tInit Duration: {init.TotalMilliseconds.ToString("F2", c)} ms";
        output.AppendLine(report + "\t");
    }
}
