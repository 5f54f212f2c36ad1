using System.Text.Json;

namespace Platform.Emulators.Events.Engine;

/// <summary>
/// One target of a rule as PutTargets received it: the JSON is kept as sent (ListTargetsByRule
/// returns it) and read into what a delivery needs — the ARN and its policies, and how the input is
/// made (the whole event, a constant Input, an InputPath or an InputTransformer).
/// </summary>
public sealed class RuleTarget
{
    private const int MaxInputLength = 8192;

    private readonly string? _input;
    private readonly string? _inputPath;
    private readonly InputTransformer? _transformer;

    private RuleTarget(string id, string json, DeliveryTarget delivery, string? input, string? inputPath, InputTransformer? transformer)
    {
        (Id, Json, Delivery, _input, _inputPath, _transformer) = (id, json, delivery, input, inputPath, transformer);
    }

    public string Id { get; }

    /// <summary>The target as PutTargets sent it.</summary>
    public string Json { get; }

    public DeliveryTarget Delivery { get; }

    /// <exception cref="EventsException">A member breaks EventBridge's constraints.</exception>
    public static RuleTarget Parse(JsonElement target, string ruleArn)
    {
        var id = String(target, "Id") ?? throw EventsErrors.Constraint("null", "targets.member.id", "Member must not be null");
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            throw EventsErrors.Constraint(id, "targets.member.id", "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
        var arn = String(target, "Arn") ?? throw EventsErrors.Constraint("null", "targets.member.arn", "Member must not be null");
        if (arn.Length is 0 or > 1600 || arn.Split(':').Length < 6 || !arn.StartsWith("arn:", StringComparison.Ordinal))
            throw EventsErrors.Validation($"Parameter {arn} is not valid. Reason: Provided Arn is not in correct format.");

        var input = String(target, "Input");
        var inputPath = String(target, "InputPath");
        InputTransformer? transformer = null;
        if (target.TryGetProperty("InputTransformer", out var t) && t.ValueKind == JsonValueKind.Object)
        {
            var template = String(t, "InputTemplate") ?? throw EventsErrors.Constraint("null", "targets.member.inputTransformer.inputTemplate", "Member must not be null");
            var paths = new Dictionary<string, string>(StringComparer.Ordinal);
            if (t.TryGetProperty("InputPathsMap", out var map) && map.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in map.EnumerateObject())
                    paths[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw EventsErrors.Validation($"Input path for key {p.Name} must be a string.");
            }
            transformer = InputTransformer.Create(paths, template, id);
        }
        if ((input is null ? 0 : 1) + (inputPath is null ? 0 : 1) + (transformer is null ? 0 : 1) > 1)
            throw EventsErrors.Validation($"Only one of Input, InputPath, or InputTransformer must be provided for target {id}.");
        if (input is not null)
        {
            if (input.Length > MaxInputLength)
                throw EventsErrors.Constraint("...", "targets.member.input", $"Member must have length less than or equal to {MaxInputLength}");
            if (!IsJson(input))
                throw EventsErrors.Validation($"Target {id} Input is not valid JSON text.");
        }
        if (inputPath is not null && !JsonPathSelector.IsValid(inputPath))
            throw EventsErrors.Validation($"Target {id} InputPath {inputPath} is not a valid JSON path.");

        var delivery = new DeliveryTarget
        {
            Arn = arn,
            MaximumRetryAttempts = Int(target, "RetryPolicy", "MaximumRetryAttempts", 0, 185, "targets.member.retryPolicy.maximumRetryAttempts")
                ?? DeliveryTarget.DefaultMaximumRetryAttempts,
            MaximumEventAgeInSeconds = Int(target, "RetryPolicy", "MaximumEventAgeInSeconds", 60, 86400, "targets.member.retryPolicy.maximumEventAgeInSeconds")
                ?? DeliveryTarget.DefaultMaximumEventAgeInSeconds,
            DeadLetterArn = target.TryGetProperty("DeadLetterConfig", out var dlq) && dlq.ValueKind == JsonValueKind.Object ? String(dlq, "Arn") : null,
            MessageGroupId = target.TryGetProperty("SqsParameters", out var sqs) && sqs.ValueKind == JsonValueKind.Object ? String(sqs, "MessageGroupId") : null,
            DeadLetterAttributes = new Dictionary<string, string> { ["RULE_ARN"] = ruleArn, ["TARGET_ARN"] = arn },
        };
        if (delivery.DeadLetterArn is { } dlqArn && !dlqArn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal))
            throw EventsErrors.Validation($"Parameter(s) DeadLetterConfig is not valid for target {id}: the dead-letter queue must be an SQS queue ARN.");
        if (arn.Split(':') is [_, _, "sqs", _, _, var queue] && queue.EndsWith(".fifo", StringComparison.Ordinal) && delivery.MessageGroupId is null)
            throw EventsErrors.Validation($"Parameter(s) SqsParameters must be specified for target: {id}.");
        return new RuleTarget(id, target.GetRawText(), delivery, input, inputPath, transformer);
    }

    /// <summary>Re-reads a stored target (its rule's ARN gives the dead-letter attributes).</summary>
    public static RuleTarget FromStored(string json, string ruleArn)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement, ruleArn);
    }

    /// <summary>What the target receives for <paramref name="event"/>.</summary>
    public string RenderInput(JsonElement @event, string eventJson, string ruleArn, string ruleName)
    {
        if (_input is not null)
            return _input;
        if (_inputPath is not null)
            return JsonPathSelector.Select(@event, _inputPath) is { } selected ? selected.GetRawText() : "null";
        return _transformer is not null ? _transformer.Render(@event, eventJson, ruleArn, ruleName) : eventJson;
    }

    private static string? String(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new EventsException("SerializationException", $"Unexpected value for {name}: expected a string.");
    }

    private static int? Int(JsonElement target, string parent, string name, int min, int max, string member)
    {
        if (!target.TryGetProperty(parent, out var policy) || policy.ValueKind != JsonValueKind.Object ||
            !policy.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            throw new EventsException("SerializationException", $"Unexpected value for {name}: expected an integer.");
        if (number < min)
            throw EventsErrors.Constraint(number.ToString(System.Globalization.CultureInfo.InvariantCulture), member, $"Member must have value greater than or equal to {min}");
        if (number > max)
            throw EventsErrors.Constraint(number.ToString(System.Globalization.CultureInfo.InvariantCulture), member, $"Member must have value less than or equal to {max}");
        return number;
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
