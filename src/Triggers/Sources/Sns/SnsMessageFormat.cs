using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Platform.Emulators.Topics.Engine;

namespace Platform.Triggers.Sources.Sns;

/// <summary>
/// The JSON SNS delivers: the notification envelope an SQS queue or HTTP endpoint receives
/// (SNS's own layout — two-space indent, <c>"Key" : value</c>, attributes one per line), the
/// SubscriptionConfirmation an HTTP endpoint receives, and the text each protocol gets of a
/// MessageStructure=json message. The signature is over SNS's canonical string with the platform's
/// key, so it has SNS's shape but no AWS certificate verifies it (docs/topics.md says so).
/// </summary>
public static class SnsMessageFormat
{
    public const string SignatureVersion = "1";
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private static readonly byte[] SigningKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>The message this protocol receives: its key of a MessageStructure=json message, else "default".</summary>
    public static string MessageFor(PublishedMessage message, string protocol)
    {
        if (message.MessageStructure != "json")
            return message.Message;
        using var document = JsonDocument.Parse(message.Message);
        return document.RootElement.TryGetProperty(protocol, out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()!
            : document.RootElement.GetProperty("default").GetString()!;
    }

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string UnsubscribeUrl(TopicEngineOptions options, string subscriptionArn) =>
        $"{options.EndpointUrl.TrimEnd('/')}/?Action=Unsubscribe&SubscriptionArn={subscriptionArn}";

    public static string SubscribeUrl(TopicEngineOptions options, string topicArn, string token) =>
        $"{options.EndpointUrl.TrimEnd('/')}/?Action=ConfirmSubscription&TopicArn={topicArn}&Token={token}";

    public static string SigningCertUrl(TopicEngineOptions options) =>
        $"{options.EndpointUrl.TrimEnd('/')}/SimpleNotificationService-platform.pem";

    /// <summary>The notification envelope (SQS without RawMessageDelivery, HTTP/S).</summary>
    public static string Envelope(TopicEngineOptions options, PublishedMessage message, string protocol, string subscriptionArn)
    {
        var text = MessageFor(message, protocol);
        var timestamp = Timestamp(message.Timestamp);
        var builder = new StringBuilder(text.Length + 1024);
        builder.Append("{\n");
        Field(builder, "Type", "Notification");
        Field(builder, "MessageId", message.MessageId);
        if (message.SequenceNumber is not null)
            Field(builder, "SequenceNumber", message.SequenceNumber);
        Field(builder, "TopicArn", message.TopicArn);
        if (message.Subject is not null)
            Field(builder, "Subject", message.Subject);
        Field(builder, "Message", text);
        Field(builder, "Timestamp", timestamp);
        Field(builder, "SignatureVersion", SignatureVersion);
        Field(builder, "Signature", Sign(NotificationCanonical(message, text, timestamp)));
        Field(builder, "SigningCertURL", SigningCertUrl(options));
        Field(builder, "UnsubscribeURL", UnsubscribeUrl(options, subscriptionArn), last: message.MessageAttributes.Count == 0);
        if (message.MessageAttributes.Count > 0)
        {
            builder.Append("  \"MessageAttributes\" : {\n");
            var i = 0;
            foreach (var (name, value) in message.MessageAttributes)
            {
                builder.Append("    ").Append(Quote(name)).Append(" : {\"Type\":").Append(Quote(value.DataType))
                    .Append(",\"Value\":").Append(Quote(AttributeValue(value))).Append('}');
                builder.Append(++i < message.MessageAttributes.Count ? ",\n" : "\n");
            }
            builder.Append("  }\n");
        }
        builder.Append('}');
        return builder.ToString();
    }

    /// <summary>What an HTTP/S endpoint receives after Subscribe, in AWS's field order.</summary>
    public static string SubscriptionConfirmation(TopicEngineOptions options, PublishedMessage message)
    {
        var timestamp = Timestamp(message.Timestamp);
        var subscribeUrl = SubscribeUrl(options, message.TopicArn, message.Token!);
        var builder = new StringBuilder(1024);
        builder.Append("{\n");
        Field(builder, "Type", "SubscriptionConfirmation");
        Field(builder, "MessageId", message.MessageId);
        Field(builder, "Token", message.Token!);
        Field(builder, "TopicArn", message.TopicArn);
        Field(builder, "Message", message.Message);
        Field(builder, "SubscribeURL", subscribeUrl);
        Field(builder, "Timestamp", timestamp);
        Field(builder, "SignatureVersion", SignatureVersion);
        Field(builder, "Signature", Sign(string.Concat("Message\n", message.Message, "\nMessageId\n", message.MessageId, "\nSubscribeURL\n",
            subscribeUrl, "\nTimestamp\n", timestamp, "\nToken\n", message.Token, "\nTopicArn\n", message.TopicArn, "\nType\nSubscriptionConfirmation\n")));
        Field(builder, "SigningCertURL", SigningCertUrl(options), last: true);
        builder.Append('}');
        return builder.ToString();
    }

    /// <summary>A message attribute's value as SNS writes it: Binary base64, everything else its string.</summary>
    public static string AttributeValue(TopicAttribute value) =>
        value.BinaryValue is not null ? Convert.ToBase64String(value.BinaryValue) : value.StringValue ?? "";

    /// <summary>SNS's canonical string for a Notification: the fields in order, name and value on their own lines.</summary>
    internal static string NotificationCanonical(PublishedMessage message, string text, string timestamp)
    {
        var canonical = new StringBuilder();
        canonical.Append("Message\n").Append(text).Append("\nMessageId\n").Append(message.MessageId).Append('\n');
        if (message.Subject is not null)
            canonical.Append("Subject\n").Append(message.Subject).Append('\n');
        canonical.Append("Timestamp\n").Append(timestamp).Append("\nTopicArn\n").Append(message.TopicArn).Append("\nType\nNotification\n");
        return canonical.ToString();
    }

    internal static string Sign(string canonical) => Convert.ToBase64String(HMACSHA256.HashData(SigningKey, Encoding.UTF8.GetBytes(canonical)));

    private static void Field(StringBuilder builder, string name, string value, bool last = false) =>
        builder.Append("  \"").Append(name).Append("\" : ").Append(Quote(value)).Append(last ? "\n" : ",\n");

    internal static string Quote(string value) => "\"" + JsonEncodedText.Encode(value, Encoder).ToString() + "\"";
}
