using System.Diagnostics;

namespace Platform.Triggers;

/// <summary>The module's one ActivitySource: every invocation and every storage batch is a span.</summary>
public static class TriggersTelemetry
{
    public const string SourceName = "Platform.Triggers";

    public static ActivitySource Source { get; } = new(SourceName);
}
