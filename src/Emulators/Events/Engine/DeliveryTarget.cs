using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Platform.Emulators.Events.Engine;

/// <summary>
/// Where one delivery goes and what happens when it fails: the part of a rule target (or a
/// Scheduler target) the delivery worker needs, stored with each outbox row so a delivery keeps
/// the policy it was matched under even if the target changes later.
/// </summary>
public sealed record DeliveryTarget
{
    /// <summary>AWS's defaults for both EventBridge targets and Scheduler targets.</summary>
    public const int DefaultMaximumRetryAttempts = 185;
    public const int DefaultMaximumEventAgeInSeconds = 86400;

    public required string Arn { get; init; }
    public int MaximumRetryAttempts { get; init; } = DefaultMaximumRetryAttempts;
    public int MaximumEventAgeInSeconds { get; init; } = DefaultMaximumEventAgeInSeconds;
    public string? DeadLetterArn { get; init; }

    /// <summary>SqsParameters.MessageGroupId, for a FIFO queue.</summary>
    public string? MessageGroupId { get; init; }

    /// <summary>The service of the target ARN (<c>lambda</c>, <c>sqs</c>, <c>sns</c>, …): picks the channel.</summary>
    public string Service => Arn.Split(':') is [_, _, var service, ..] ? service : "";

    /// <summary>Attributes of the dead-letter message that say where the event came from
    /// (RULE_ARN for a rule; the X-Amz-Scheduler-* set for a schedule).</summary>
    public IReadOnlyDictionary<string, string> DeadLetterAttributes { get; init; } = new Dictionary<string, string>();

    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Arn", Arn);
            writer.WriteNumber("MaximumRetryAttempts", MaximumRetryAttempts);
            writer.WriteNumber("MaximumEventAgeInSeconds", MaximumEventAgeInSeconds);
            if (DeadLetterArn is not null)
                writer.WriteString("DeadLetterArn", DeadLetterArn);
            if (MessageGroupId is not null)
                writer.WriteString("MessageGroupId", MessageGroupId);
            writer.WriteStartObject("DeadLetterAttributes");
            foreach (var (key, value) in DeadLetterAttributes)
                writer.WriteString(key, value);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static DeliveryTarget FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new DeliveryTarget
        {
            Arn = root.GetProperty("Arn").GetString()!,
            MaximumRetryAttempts = root.GetProperty("MaximumRetryAttempts").GetInt32(),
            MaximumEventAgeInSeconds = root.GetProperty("MaximumEventAgeInSeconds").GetInt32(),
            DeadLetterArn = root.TryGetProperty("DeadLetterArn", out var dlq) ? dlq.GetString() : null,
            MessageGroupId = root.TryGetProperty("MessageGroupId", out var group) ? group.GetString() : null,
            DeadLetterAttributes = root.GetProperty("DeadLetterAttributes").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
        };
    }
}
