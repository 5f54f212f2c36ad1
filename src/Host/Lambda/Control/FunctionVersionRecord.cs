namespace Platform.Host.Lambda;

/// <summary>One version of a function created through the Lambda API: <c>$LATEST</c> (mutable) or a
/// published number (an immutable snapshot of code and configuration). Stored as JSON in SQLite.</summary>
internal sealed record FunctionVersionRecord
{
    public required string Name { get; init; }
    public string Version { get; init; } = "$LATEST";
    public required string Runtime { get; init; }
    public required string Handler { get; init; }
    public string Role { get; init; } = "";
    public string Description { get; init; } = "";
    public int Timeout { get; init; } = 3;
    public int MemorySize { get; init; } = 128;
    public int EphemeralStorage { get; init; } = 512;
    public Dictionary<string, string> Environment { get; init; } = [];

    /// <summary>Layer version ARNs, in the function's order.</summary>
    public List<string> Layers { get; init; } = [];

    /// <summary>The stored zip (and its extracted folder) under the data directory; null for hot reload.</summary>
    public string? CodeId { get; init; }

    /// <summary>LocalStack's hot-reload convention: S3Bucket <c>hot-reload</c>, S3Key the folder.</summary>
    public string? HotReloadFolder { get; init; }

    public string CodeSha256 { get; init; } = "";
    public long CodeSize { get; init; }
    public required string RevisionId { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    public string? DeadLetterTarget { get; init; }
    public List<string> Architectures { get; init; } = ["x86_64"];
    public string TracingMode { get; init; } = "PassThrough";
}
