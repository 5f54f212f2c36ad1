using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>A message attribute as the SQS event carries it.</summary>
public sealed record SqsMessageAttribute
{
    /// <summary>The value of a String or Number attribute.</summary>
    [JsonPropertyName("stringValue")]
    public string? StringValue { get; init; }

    /// <summary>The value of a Binary attribute, base64.</summary>
    [JsonPropertyName("binaryValue")]
    public string? BinaryValue { get; init; }

    /// <summary>Reserved by AWS; always empty.</summary>
    [JsonPropertyName("stringListValues")]
    public IReadOnlyList<string> StringListValues { get; init; } = [];

    /// <summary>Reserved by AWS; always empty.</summary>
    [JsonPropertyName("binaryListValues")]
    public IReadOnlyList<string> BinaryListValues { get; init; } = [];

    /// <summary><c>String</c>, <c>Number</c> or <c>Binary</c>, optionally with a custom suffix
    /// (<c>Number.int</c>).</summary>
    [JsonPropertyName("dataType")]
    public string DataType { get; init; } = "String";
}
