namespace Platform.Runtime;

/// <summary>Lambda's managed runtime identifiers that run here natively (no containers).</summary>
public static class ManagedRuntimes
{
    public static IReadOnlyList<string> Python { get; } = ["python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14"];

    public static IReadOnlyList<string> Node { get; } = ["nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x"];

    public static IReadOnlyList<string> Provided { get; } = ["provided.al2", "provided.al2023"];

    public static IReadOnlyList<string> Dotnet { get; } = ["dotnet8", "dotnet10"];

    public static IReadOnlyList<string> All { get; } = [.. Python, .. Node, .. Provided, .. Dotnet];

    public static bool IsManaged(string runtime) => All.Contains(runtime, StringComparer.Ordinal);

    public static bool IsPython(string runtime) => Python.Contains(runtime, StringComparer.Ordinal);

    public static bool IsNode(string runtime) => Node.Contains(runtime, StringComparer.Ordinal);

    public static bool IsProvided(string runtime) => Provided.Contains(runtime, StringComparer.Ordinal);

    public static bool IsDotnet(string runtime) => Dotnet.Contains(runtime, StringComparer.Ordinal);
}
