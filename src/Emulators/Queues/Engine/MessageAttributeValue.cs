namespace Platform.Emulators.Queues.Engine;

/// <summary>An SQS message attribute: DataType is String, Number or Binary, optionally with a
/// custom suffix (<c>String.json</c>).</summary>
public sealed record MessageAttributeValue
{
    public required string DataType { get; init; }
    public string? StringValue { get; init; }
    public byte[]? BinaryValue { get; init; }
}
