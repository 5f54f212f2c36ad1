using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Platform.Emulators.Topics.Engine;

namespace Platform.Triggers.Sources.Sns;

/// <summary>The event a function subscribed to a topic receives: <c>{"Records":[{EventSource,
/// EventVersion, EventSubscriptionArn, Sns{Type, MessageId, TopicArn, Subject, Message, Timestamp,
/// SignatureVersion, Signature, SigningCertUrl, UnsubscribeUrl, MessageAttributes}}]}</c> — Lambda's
/// casing (SigningCertUrl, not the envelope's SigningCertURL), Subject null when there is none.</summary>
public static class SnsLambdaEvent
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Build(TopicEngineOptions options, PublishedMessage message, string subscriptionArn)
    {
        var text = SnsMessageFormat.MessageFor(message, "lambda");
        var timestamp = SnsMessageFormat.Timestamp(message.Timestamp);
        var buffer = new ArrayBufferWriter<byte>(text.Length + 1024);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Records");
            writer.WriteStartObject();
            writer.WriteString("EventSource", "aws:sns");
            writer.WriteString("EventVersion", "1.0");
            writer.WriteString("EventSubscriptionArn", subscriptionArn);
            writer.WriteStartObject("Sns");
            writer.WriteString("Type", "Notification");
            writer.WriteString("MessageId", message.MessageId);
            writer.WriteString("TopicArn", message.TopicArn);
            if (message.Subject is null)
                writer.WriteNull("Subject");
            else
                writer.WriteString("Subject", message.Subject);
            writer.WriteString("Message", text);
            writer.WriteString("Timestamp", timestamp);
            writer.WriteString("SignatureVersion", SnsMessageFormat.SignatureVersion);
            writer.WriteString("Signature", SnsMessageFormat.Sign(SnsMessageFormat.NotificationCanonical(message, text, timestamp)));
            writer.WriteString("SigningCertUrl", SnsMessageFormat.SigningCertUrl(options));
            writer.WriteString("UnsubscribeUrl", SnsMessageFormat.UnsubscribeUrl(options, subscriptionArn));
            writer.WriteStartObject("MessageAttributes");
            foreach (var (name, value) in message.MessageAttributes)
            {
                writer.WriteStartObject(name);
                writer.WriteString("Type", value.DataType);
                writer.WriteString("Value", SnsMessageFormat.AttributeValue(value));
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
