namespace Platform.Emulators.Storage.Engine;

/// <summary>A listing request: keys after <see cref="After"/> (exclusive; start-after, marker or the
/// decoded continuation token) that start with <see cref="Prefix"/>, grouped by <see cref="Delimiter"/>.</summary>
public sealed record ListObjectsQuery(string Bucket)
{
    public string Prefix { get; init; } = "";
    public string? Delimiter { get; init; }
    public string? After { get; init; }
    public int MaxKeys { get; init; } = 1000;
}
