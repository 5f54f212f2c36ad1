namespace Platform.Host.Dashboard.History;

/// <summary>Which invocations a list asks for: newest first, optionally older than <see cref="BeforeId"/>
/// (the next page) or newer than <see cref="AfterId"/> (what a live view has not seen yet).</summary>
internal sealed record InvocationQuery
{
    public string? Function { get; init; }
    public string? Outcome { get; init; }

    /// <summary>Matches the start of the trigger (<c>sqs</c>, <c>s3:uploads</c>).</summary>
    public string? Source { get; init; }

    public string? RequestId { get; init; }
    public long? BeforeId { get; init; }
    public long? AfterId { get; init; }
    public int Limit { get; init; } = 100;
}
