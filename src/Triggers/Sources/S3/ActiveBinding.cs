namespace Platform.Triggers.Sources.S3;

/// <summary>A trigger currently feeding a function, as /_platform/functions lists it.</summary>
public sealed record ActiveBinding
{
    public required string Id { get; init; }
    public required string Function { get; init; }

    /// <summary>e.g. <c>s3:uploads</c>.</summary>
    public required string Trigger { get; init; }
    public required string Source { get; init; }
    public IReadOnlyList<string> Events { get; init; } = [];
    public string? Prefix { get; init; }
    public string? Suffix { get; init; }

    /// <summary>The last journal position handed on (durably enqueued).</summary>
    public long Position { get; init; }
    public bool Healthy { get; init; } = true;
    public string? LastError { get; init; }
}
