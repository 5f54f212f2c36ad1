namespace Platform.Emulators.Topics.Engine;

/// <summary>An SNS message attribute: DataType String, String.Array, Number or Binary (optionally
/// with a custom suffix, <c>String.json</c>).</summary>
public sealed record TopicAttribute
{
    public required string DataType { get; init; }
    public string? StringValue { get; init; }
    public byte[]? BinaryValue { get; init; }

    /// <summary>The base type: the part before the first '.' except for String.Array.</summary>
    public string BaseType => DataType.StartsWith("String.Array", StringComparison.Ordinal) ? "String.Array"
        : DataType.Split('.', 2)[0];
}
