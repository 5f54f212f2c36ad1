using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Platform.Emulators.Topics.Engine;

/// <summary>What SNS checks in a Publish before it accepts it, with its codes and messages.</summary>
internal static class PublishValidation
{
    /// <summary>256 KiB: the message, its attributes' names, types and values together.</summary>
    public const int MaxMessageBytes = 262_144;
    private const int MaxSubjectLength = 100;
    private const int MaxIdLength = 128;

    public static void Validate(Topic topic, PublishRequest request)
    {
        if (string.IsNullOrEmpty(request.Message))
            throw TopicErrors.InvalidParameter("Empty message");
        if (request.Subject is { } subject && (subject.Length is 0 or > MaxSubjectLength || subject.Any(c => c < ' ' || c > '~')))
            throw TopicErrors.InvalidParameter("Subject");
        if (Size(request) > MaxMessageBytes)
            throw TopicErrors.InvalidParameter("Message too long");
        if (request.MessageStructure is { } structure)
            ValidateStructure(structure, request.Message);
        foreach (var (name, value) in request.MessageAttributes)
            ValidateAttribute(name, value);

        if (topic.Fifo)
        {
            if (string.IsNullOrEmpty(request.MessageGroupId))
                throw TopicErrors.InvalidParameter("The MessageGroupId parameter is required for FIFO topics");
            if (request.MessageDeduplicationId is null && !topic.ContentBasedDeduplication)
                throw TopicErrors.InvalidParameter(
                    "The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
        }
        else if (request.MessageDeduplicationId is not null)
        {
            throw TopicErrors.InvalidParameter(
                "MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type");
        }

        ValidateId("MessageGroupId", request.MessageGroupId);
        ValidateId("MessageDeduplicationId", request.MessageDeduplicationId);
    }

    public static int Size(PublishRequest request)
    {
        var size = Encoding.UTF8.GetByteCount(request.Message);
        foreach (var (name, value) in request.MessageAttributes)
        {
            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value.DataType);
            size += value.StringValue is null ? 0 : Encoding.UTF8.GetByteCount(value.StringValue);
            size += value.BinaryValue?.Length ?? 0;
        }
        return size;
    }

    private static void ValidateStructure(string structure, string message)
    {
        if (structure != "json")
            throw TopicErrors.InvalidParameter("MessageStructure");
        try
        {
            using var document = JsonDocument.Parse(message);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw TopicErrors.InvalidParameter("Message Structure - JSON message body failed to parse");
            if (!document.RootElement.TryGetProperty("default", out var fallback) || fallback.ValueKind != JsonValueKind.String)
                throw TopicErrors.InvalidParameter("Message Structure - No default entry in JSON message body");
        }
        catch (JsonException)
        {
            throw TopicErrors.InvalidParameter("Message Structure - JSON message body failed to parse");
        }
    }

    private static void ValidateAttribute(string name, TopicAttribute value)
    {
        if (name.Length is 0 or > 256 || name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase) || name.StartsWith('.') || name.EndsWith('.')
            || name.Contains("..", StringComparison.Ordinal) || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.'))
            throw TopicErrors.InvalidParameterValue($"The message attribute name '{name}' is invalid: names are 1-256 letters, digits, '-', '_' and '.', and cannot start with AWS. or Amazon.");
        var type = value.BaseType;
        if (type is not ("String" or "Number" or "Binary" or "String.Array"))
            throw TopicErrors.InvalidParameterValue(
                $"The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
        if (type == "Binary")
        {
            if (value.BinaryValue is not { Length: > 0 })
                throw TopicErrors.InvalidParameterValue(
                    $"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{value.DataType}'.");
            return;
        }

        if (string.IsNullOrEmpty(value.StringValue))
            throw TopicErrors.InvalidParameterValue(
                $"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{value.DataType}'.");
        if (type == "Number" && !IsNumber(value.StringValue))
            throw TopicErrors.InvalidParameterValue(
                $"An error occurred while parsing the message attribute '{name}' of type 'Number': the value '{value.StringValue}' is not a valid number.");
        if (type == "String.Array" && !IsArray(value.StringValue))
            throw TopicErrors.InvalidParameterValue(
                $"The message attribute '{name}' with type 'String.Array' must be a JSON array of strings, numbers, true, false or null.");
    }

    /// <summary>SNS's numbers: −10⁹ to 10⁹ with up to five decimals (the range its filter policies compare).</summary>
    private static bool IsNumber(string text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && Math.Abs(number) <= 1_000_000_000m;

    private static bool IsArray(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Array &&
                   document.RootElement.EnumerateArray().All(e => e.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void ValidateId(string parameter, string? id)
    {
        if (id is null)
            return;
        if (id.Length is 0 or > MaxIdLength || id.Any(c => c < '!' || c > '~'))
            throw TopicErrors.InvalidParameter($"{parameter} Reason: {parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.");
    }
}
