using System.Reflection;

namespace Platform.Aspire.Tests;

/// <summary>
/// A test that runs the AppHost's resources for real, which takes DCP (Aspire's orchestrator, from the
/// Aspire.Hosting.Orchestration package the AppHost SDK restores). Without it — or with
/// PLATFORM_ASPIRE_DCP=off — the test reports itself skipped with the reason, never silently passed.
/// </summary>
public sealed class DcpFactAttribute : FactAttribute
{
    public DcpFactAttribute()
    {
        if (Reason() is { } reason)
            Skip = reason;
    }

    private static string? Reason()
    {
        if (Environment.GetEnvironmentVariable("PLATFORM_ASPIRE_DCP") == "off")
            return "PLATFORM_ASPIRE_DCP=off: the Aspire resources are not run.";
        var dcp = DcpPath();
        if (dcp is null)
            return "The AppHost names no DCP (dcpclipath): Aspire.Hosting.Orchestration was not restored.";
        return File.Exists(dcp) ? null : $"DCP, Aspire's orchestrator, is not at {dcp}: Aspire.Hosting.Orchestration was not restored.";
    }

    // The AppHost SDK writes DCP's path into the AppHost assembly, where Aspire.Hosting.Testing reads it.
    private static string? DcpPath() => typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "dcpclipath")?.Value;
}
