namespace ObjectSummary;

/// <summary>The JSON written to <c>{key}.summary.json</c>.</summary>
public sealed record ObjectSummaryDocument
{
    public required string Bucket { get; init; }
    public required string Key { get; init; }
    public required long Size { get; init; }
    public required string Sha256 { get; init; }
    public string? ContentType { get; init; }
    public string? ETag { get; init; }

    /// <summary>Null for binary objects.</summary>
    public long? Lines { get; init; }
    public long? Words { get; init; }

    /// <summary>True when the object is larger than the sample and the counts cover only its start.</summary>
    public bool TextSampled { get; init; }
}
