using Platform.Emulators.Queues.Api.Query;
using Platform.Emulators.Topics.Engine;

namespace Platform.Emulators.Topics.Api;

/// <summary>Reads SNS's query-protocol parameters: maps as <c>Attributes.entry.N.key/value</c>,
/// tags as <c>Tags.member.N.Key/Value</c>, message attributes as
/// <c>MessageAttributes.entry.N.Name / .Value.DataType / .Value.StringValue / .Value.BinaryValue</c>.</summary>
internal static class SnsRequestReader
{
    public static Dictionary<string, string>? Attributes(QueryForm form, string prefix = "Attributes") => form.Map(prefix + ".entry", "key", "value");

    public static Dictionary<string, string> Tags(QueryForm form) => form.Map("Tags.member", "Key", "Value") ?? [];

    public static List<string> TagKeys(QueryForm form) => form.List("TagKeys.member") ?? [];

    public static PublishRequest Publish(QueryForm form, string prefix = "") => new()
    {
        Message = form[prefix + "Message"] ?? "",
        Subject = form[prefix + "Subject"],
        MessageStructure = form[prefix + "MessageStructure"],
        MessageAttributes = MessageAttributes(form, prefix + "MessageAttributes.entry"),
        MessageGroupId = form[prefix + "MessageGroupId"],
        MessageDeduplicationId = form[prefix + "MessageDeduplicationId"],
    };

    public static List<(string Id, PublishRequest Request)> PublishBatch(QueryForm form)
    {
        var entries = new List<(string, PublishRequest)>();
        for (var i = 1; ; i++)
        {
            var prefix = QueryForm.Key("PublishBatchRequestEntries.member", i) + ".";
            if (form[prefix + "Id"] is not { } id)
                return entries;
            entries.Add((id, Publish(form, prefix)));
        }
    }

    private static Dictionary<string, TopicAttribute> MessageAttributes(QueryForm form, string prefix)
    {
        var attributes = new Dictionary<string, TopicAttribute>(StringComparer.Ordinal);
        for (var i = 1; form[QueryForm.Key(prefix, i) + ".Name"] is { } name; i++)
        {
            var value = QueryForm.Key(prefix, i) + ".Value.";
            var binary = form[value + "BinaryValue"];
            byte[]? bytes = null;
            if (binary is not null)
            {
                try
                {
                    bytes = Convert.FromBase64String(binary);
                }
                catch (FormatException)
                {
                    throw TopicErrors.InvalidParameterValue($"The message attribute '{name}' has an invalid binary value: it is not base64.");
                }
            }
            attributes[name] = new TopicAttribute
            {
                DataType = form[value + "DataType"] ?? throw TopicErrors.InvalidParameterValue(
                    $"The message attribute '{name}' must contain a non-empty message attribute type."),
                StringValue = form[value + "StringValue"],
                BinaryValue = bytes,
            };
        }
        return attributes;
    }
}
