namespace Platform.Emulators.Storage.Engine;

/// <summary>The headers S3 stores with an object and returns on GET/HEAD.</summary>
public sealed record ObjectMetadata
{
    public string? ContentType { get; init; }
    public string? CacheControl { get; init; }
    public string? ContentDisposition { get; init; }
    public string? ContentEncoding { get; init; }
    public string? ContentLanguage { get; init; }
    public string? Expires { get; init; }

    /// <summary>x-amz-meta-* headers, names without the prefix, lower-cased as S3 does.</summary>
    public IReadOnlyDictionary<string, string> UserMetadata { get; init; } = new Dictionary<string, string>();

    public static ObjectMetadata Empty { get; } = new();
}
