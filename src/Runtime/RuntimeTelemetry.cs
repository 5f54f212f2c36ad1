using System.Diagnostics;

namespace Platform.Runtime;

internal static class RuntimeTelemetry
{
    public static readonly ActivitySource ActivitySource = new("Platform.Runtime");
}
