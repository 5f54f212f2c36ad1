namespace Platform.Emulators.Storage.Engine;

/// <summary>One page of a listing. <see cref="NextMarker"/> is the last key or common prefix returned,
/// where the next page starts (exclusive).</summary>
public sealed record ObjectListing(
    IReadOnlyList<ObjectInfo> Objects,
    IReadOnlyList<string> CommonPrefixes,
    bool IsTruncated,
    string? NextMarker);
