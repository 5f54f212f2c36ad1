using Microsoft.Extensions.Logging;
using Platform.Functions;
using Platform.Functions.Events;

namespace Platform.IntegrationTests.Distributed;

/// <summary>
/// The function the distributed tests run in `platform worker` processes (loaded from this test
/// assembly through platform.yaml): logs "marker started KEY", waits DELAY_MS, then writes the file
/// <c>MARKER_DIR/KEY@PID</c> — durable proof of which process finished which upload.
/// </summary>
public sealed partial class MarkerFunction : IFunction<S3Event, NoResult>
{
    public async Task<NoResult> HandleAsync(S3Event input, IFunctionContext context)
    {
        var directory = context.Environment["MARKER_DIR"];
        var delay = int.Parse(context.Environment.GetValueOrDefault("DELAY_MS") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var record in input.Records)
        {
            var key = record.S3.Object.DecodedKey;
            LogStarted(context.Logger, key);
            await Task.Delay(delay, context.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(directory, MarkerName(key, Environment.ProcessId)), "", context.CancellationToken);
        }

        return NoResult.Value;
    }

    public static string MarkerName(string key, int processId) => key.Replace('/', '_') + "@" + processId;

    [LoggerMessage(Level = LogLevel.Information, Message = "marker started {Key}")]
    private static partial void LogStarted(ILogger logger, string key);
}
