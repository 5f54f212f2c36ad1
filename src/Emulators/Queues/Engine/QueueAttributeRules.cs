using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Emulators.Queues.Engine;

/// <summary>Validates and normalizes queue attributes the way SQS does (ranges, which attributes
/// exist for which queue type, redrive policies). Values are stored normalized ("030" → "30",
/// "TRUE" → "true", compact JSON) so an idempotent CreateQueue compares like with like.</summary>
internal static class QueueAttributeRules
{
    private static readonly Dictionary<string, string> StandardDefaults = new(StringComparer.Ordinal)
    {
        [QueueAttributeNames.VisibilityTimeout] = "30",
        [QueueAttributeNames.DelaySeconds] = "0",
        [QueueAttributeNames.MaximumMessageSize] = "262144",
        [QueueAttributeNames.MessageRetentionPeriod] = "345600",
        [QueueAttributeNames.ReceiveMessageWaitTimeSeconds] = "0",
    };

    private static readonly Dictionary<string, string> FifoDefaults = new(StandardDefaults, StringComparer.Ordinal)
    {
        [QueueAttributeNames.FifoQueue] = "true",
        [QueueAttributeNames.ContentBasedDeduplication] = "false",
        [QueueAttributeNames.DeduplicationScope] = "queue",
        [QueueAttributeNames.FifoThroughputLimit] = "perQueue",
    };

    /// <summary>Settable attributes plus the computed ones: what GetQueueAttributes accepts.</summary>
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        QueueAttributeNames.VisibilityTimeout, QueueAttributeNames.DelaySeconds, QueueAttributeNames.MaximumMessageSize,
        QueueAttributeNames.MessageRetentionPeriod, QueueAttributeNames.ReceiveMessageWaitTimeSeconds,
        QueueAttributeNames.RedrivePolicy, QueueAttributeNames.RedriveAllowPolicy, QueueAttributeNames.Policy,
        QueueAttributeNames.KmsMasterKeyId, QueueAttributeNames.KmsDataKeyReusePeriodSeconds,
        QueueAttributeNames.SqsManagedSseEnabled, QueueAttributeNames.FifoQueue,
        QueueAttributeNames.ContentBasedDeduplication, QueueAttributeNames.DeduplicationScope,
        QueueAttributeNames.FifoThroughputLimit, QueueAttributeNames.QueueArn,
        QueueAttributeNames.ApproximateNumberOfMessages, QueueAttributeNames.ApproximateNumberOfMessagesNotVisible,
        QueueAttributeNames.ApproximateNumberOfMessagesDelayed, QueueAttributeNames.CreatedTimestamp,
        QueueAttributeNames.LastModifiedTimestamp,
    };

    /// <summary>Stored attributes over the defaults of the queue's type.</summary>
    public static Dictionary<string, string> Effective(IReadOnlyDictionary<string, string> stored, bool fifo)
    {
        var effective = new Dictionary<string, string>(fifo ? FifoDefaults : StandardDefaults, StringComparer.Ordinal);
        foreach (var (name, value) in stored)
            effective[name] = value;
        return effective;
    }

    /// <summary>Whether a CreateQueue names a FIFO queue (the FifoQueue attribute decides, not the name).</summary>
    public static bool IsFifoRequest(IReadOnlyDictionary<string, string>? attributes) =>
        attributes is not null && attributes.TryGetValue(QueueAttributeNames.FifoQueue, out var value) &&
        NormalizeBool(QueueAttributeNames.FifoQueue, value) == "true";

    /// <summary>Validates <paramref name="changes"/> and returns them normalized. An empty
    /// RedrivePolicy / RedriveAllowPolicy means "remove" and stays empty.</summary>
    /// <param name="resolveTarget">Finds a dead-letter target by ARN (null: no such queue).</param>
    public static Dictionary<string, string> Normalize(
        IReadOnlyDictionary<string, string> changes, bool fifo, bool creating, string sourceArn,
        Func<string, QueueInfo?> resolveTarget)
    {
        var normalized = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, raw) in changes)
        {
            if (raw is null)
                throw QueueErrors.InvalidAttributeValue(name);
            normalized[name] = name switch
            {
                QueueAttributeNames.VisibilityTimeout => NormalizeInt(name, raw, 0, 43200),
                QueueAttributeNames.DelaySeconds => NormalizeInt(name, raw, 0, 900),
                QueueAttributeNames.MaximumMessageSize => NormalizeInt(name, raw, 1024, 262144),
                QueueAttributeNames.MessageRetentionPeriod => NormalizeInt(name, raw, 60, 1209600),
                QueueAttributeNames.ReceiveMessageWaitTimeSeconds => NormalizeInt(name, raw, 0, 20),
                QueueAttributeNames.KmsDataKeyReusePeriodSeconds => NormalizeInt(name, raw, 60, 86400),
                QueueAttributeNames.SqsManagedSseEnabled => NormalizeBool(name, raw),
                QueueAttributeNames.Policy or QueueAttributeNames.KmsMasterKeyId => raw,
                QueueAttributeNames.RedrivePolicy => raw.Length == 0 ? "" : NormalizeRedrive(raw, fifo, sourceArn, resolveTarget),
                QueueAttributeNames.RedriveAllowPolicy => raw.Length == 0 ? "" : NormalizeRedriveAllow(raw),
                QueueAttributeNames.FifoQueue when creating => NormalizeBool(name, raw),
                QueueAttributeNames.ContentBasedDeduplication when fifo => NormalizeBool(name, raw),
                QueueAttributeNames.DeduplicationScope when fifo => NormalizeChoice(name, raw, "messageGroup", "queue"),
                QueueAttributeNames.FifoThroughputLimit when fifo => NormalizeChoice(name, raw, "perQueue", "perMessageGroupId"),
                _ => throw QueueErrors.InvalidAttributeName(name),
            };
        }

        return normalized;
    }

    /// <summary>CreateQueue on an existing queue succeeds only when every attribute it names has
    /// the same value as the queue has now (defaults included).</summary>
    public static void EnsureSame(IReadOnlyDictionary<string, string> requested, IReadOnlyDictionary<string, string> stored, bool fifo)
    {
        var effective = Effective(stored, fifo);
        foreach (var (name, value) in requested)
        {
            if ((effective.TryGetValue(name, out var current) ? current : "") != value)
                throw QueueErrors.QueueAlreadyExists(name);
        }
    }

    public static RedrivePolicy ParseRedrive(string normalizedJson)
    {
        var node = JsonNode.Parse(normalizedJson)!.AsObject();
        return new RedrivePolicy((string)node["deadLetterTargetArn"]!, (int)node["maxReceiveCount"]!);
    }

    private static string NormalizeInt(string name, string raw, int min, int max) =>
        int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value.ToString(CultureInfo.InvariantCulture)
            : throw QueueErrors.InvalidAttributeValue(name);

    private static string NormalizeBool(string name, string raw) =>
        bool.TryParse(raw, out var value) ? (value ? "true" : "false") : throw QueueErrors.InvalidAttributeValue(name);

    private static string NormalizeChoice(string name, string raw, params string[] choices) =>
        choices.Contains(raw, StringComparer.Ordinal) ? raw : throw QueueErrors.InvalidAttributeValue(name);

    private static string NormalizeRedrive(string raw, bool fifo, string sourceArn, Func<string, QueueInfo?> resolveTarget)
    {
        QueueException Invalid(string reason) => QueueErrors.InvalidParameter(QueueAttributeNames.RedrivePolicy, raw, reason);

        var policy = ParseObject(raw) ?? throw Invalid("Redrive policy is not a valid JSON map.");
        if (!policy.TryGetPropertyValue("deadLetterTargetArn", out var arnNode) || arnNode is not JsonValue arnValue ||
            !arnValue.TryGetValue<string>(out var arn))
            throw Invalid("Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
        if (!policy.TryGetPropertyValue("maxReceiveCount", out var countNode) || countNode is not JsonValue countValue)
            throw Invalid("Redrive policy does not contain mandatory attribute: maxReceiveCount.");

        // SQS accepts the count as a JSON number or as a string holding one.
        int count;
        if (countValue.TryGetValue<int>(out var number))
            count = number;
        else if (!countValue.TryGetValue<string>(out var text) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count))
            throw Invalid("Invalid value for maxReceiveCount: " + countValue.ToJsonString() + ", valid values are from 1 to 1000 both inclusive.");
        if (count is < 1 or > 1000)
            throw Invalid($"Invalid value for maxReceiveCount: {count}, valid values are from 1 to 1000 both inclusive.");

        var target = resolveTarget(arn) ?? throw Invalid("Dead letter target does not exist.");
        if (target.Settings.Fifo != fifo)
            throw Invalid("Dead-letter queue must be same type of queue as the source.");
        if (!RedriveAllowed(target, sourceArn))
            throw Invalid($"Queue {sourceArn} is not allowed to use {arn} as a dead-letter queue.");

        return new JsonObject { ["deadLetterTargetArn"] = arn, ["maxReceiveCount"] = count }.ToJsonString();
    }

    private static bool RedriveAllowed(QueueInfo target, string sourceArn)
    {
        if (!target.Attributes.TryGetValue(QueueAttributeNames.RedriveAllowPolicy, out var allow))
            return true;
        var policy = JsonNode.Parse(allow)!.AsObject();
        return (string?)policy["redrivePermission"] switch
        {
            "denyAll" => false,
            "byQueue" => policy["sourceQueueArns"]!.AsArray().Any(n => (string?)n == sourceArn),
            _ => true,
        };
    }

    private static string NormalizeRedriveAllow(string raw)
    {
        QueueException Invalid(string reason) => QueueErrors.InvalidParameter(QueueAttributeNames.RedriveAllowPolicy, raw, reason);

        var policy = ParseObject(raw) ?? throw Invalid("Redrive allow policy is not a valid JSON map.");
        var permission = policy["redrivePermission"] is JsonValue p && p.TryGetValue<string>(out var s) ? s : null;
        var sources = policy["sourceQueueArns"] as JsonArray;
        switch (permission)
        {
            case "allowAll" or "denyAll" when sources is null:
                break;
            case "byQueue" when sources is { Count: >= 1 and <= 10 } && sources.All(n => n is JsonValue v && v.TryGetValue<string>(out _)):
                break;
            case "allowAll" or "denyAll":
                throw Invalid("Only byQueue redrivePermission takes sourceQueueArns.");
            case "byQueue":
                throw Invalid("byQueue redrivePermission needs 1 to 10 sourceQueueArns.");
            default:
                throw Invalid("redrivePermission must be allowAll, denyAll or byQueue.");
        }

        return policy.ToJsonString();
    }

    private static JsonObject? ParseObject(string raw)
    {
        try
        {
            return JsonNode.Parse(raw) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
