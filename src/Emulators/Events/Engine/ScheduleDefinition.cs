using System.Globalization;
using System.Text.Json;
using Platform.Emulators.Events.Schedules;

namespace Platform.Emulators.Events.Engine;

/// <summary>
/// An EventBridge Scheduler schedule as CreateSchedule / UpdateSchedule define it. The request's
/// JSON is kept as sent (GetSchedule returns its members) and read into what firing needs.
/// </summary>
public sealed class ScheduleDefinition
{
    private ScheduleDefinition(string json, ScheduleExpression expression, TimeZoneInfo zone, DeliveryTarget target, string? input)
    {
        (Json, Expression, Zone, Target, Input) = (json, expression, zone, target, input);
    }

    /// <summary>The definition's members as the client sent them (no Name, GroupName or ClientToken).</summary>
    public string Json { get; }
    public ScheduleExpression Expression { get; }
    public TimeZoneInfo Zone { get; }
    public DeliveryTarget Target { get; }
    public string? Input { get; }

    public bool Enabled => Member("State") is null or "ENABLED";
    public DateTimeOffset? StartDate => Date("StartDate");
    public DateTimeOffset? EndDate => Date("EndDate");
    public bool DeleteAfterCompletion => Member("ActionAfterCompletion") == "DELETE";

    /// <summary>FlexibleTimeWindow's MaximumWindowInMinutes when its Mode is FLEXIBLE, else zero.</summary>
    public TimeSpan FlexibleWindow
    {
        get
        {
            using var document = JsonDocument.Parse(Json);
            var window = document.RootElement.GetProperty("FlexibleTimeWindow");
            return window.TryGetProperty("Mode", out var mode) && mode.GetString() == "FLEXIBLE"
                ? TimeSpan.FromMinutes(window.GetProperty("MaximumWindowInMinutes").GetInt32())
                : TimeSpan.Zero;
        }
    }

    /// <exception cref="EventsException">The definition breaks Scheduler's constraints.</exception>
    public static ScheduleDefinition Parse(JsonElement body, string scheduleArn, string groupName)
    {
        var expressionText = String(body, "ScheduleExpression") ?? throw Missing("scheduleExpression");
        ScheduleExpression expression;
        try
        {
            expression = ScheduleExpression.Parse(expressionText, allowAt: true);
        }
        catch (FormatException e)
        {
            throw EventsErrors.Validation($"Invalid Schedule Expression {expressionText}: {e.Message}.");
        }
        var zoneId = String(body, "ScheduleExpressionTimezone") ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
            throw EventsErrors.Validation($"Invalid time zone: {zoneId}.");

        if (!body.TryGetProperty("FlexibleTimeWindow", out var window) || window.ValueKind != JsonValueKind.Object)
            throw Missing("flexibleTimeWindow");
        var mode = String(window, "Mode") ?? throw Missing("flexibleTimeWindow.mode");
        if (mode is not ("OFF" or "FLEXIBLE"))
            throw EventsErrors.Constraint(mode, "flexibleTimeWindow.mode", "Member must satisfy enum value set: [OFF, FLEXIBLE]");
        var hasWindow = window.TryGetProperty("MaximumWindowInMinutes", out var minutes) && minutes.ValueKind == JsonValueKind.Number;
        if (mode == "FLEXIBLE" && (!hasWindow || minutes.GetInt32() is < 1 or > 1440))
            throw EventsErrors.Validation("MaximumWindowInMinutes must be between 1 and 1440 when the FlexibleTimeWindow Mode is FLEXIBLE.");
        if (mode == "OFF" && hasWindow)
            throw EventsErrors.Validation("MaximumWindowInMinutes must not be set when the FlexibleTimeWindow Mode is OFF.");

        var state = String(body, "State") ?? "ENABLED";
        if (state is not ("ENABLED" or "DISABLED"))
            throw EventsErrors.Constraint(state, "state", "Member must satisfy enum value set: [ENABLED, DISABLED]");
        var action = String(body, "ActionAfterCompletion") ?? "NONE";
        if (action is not ("NONE" or "DELETE"))
            throw EventsErrors.Constraint(action, "actionAfterCompletion", "Member must satisfy enum value set: [NONE, DELETE]");
        var start = Timestamp(body, "StartDate");
        var end = Timestamp(body, "EndDate");
        if (start is not null && end is not null && end <= start)
            throw EventsErrors.Validation("The EndDate must be after the StartDate.");

        if (!body.TryGetProperty("Target", out var target) || target.ValueKind != JsonValueKind.Object)
            throw Missing("target");
        var arn = String(target, "Arn") ?? throw Missing("target.arn");
        if (String(target, "RoleArn") is null)
            throw Missing("target.roleArn");
        var input = String(target, "Input");
        var retry = target.TryGetProperty("RetryPolicy", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        var delivery = new DeliveryTarget
        {
            Arn = arn,
            MaximumRetryAttempts = Int(retry, "MaximumRetryAttempts", 0, 185, "target.retryPolicy.maximumRetryAttempts") ?? DeliveryTarget.DefaultMaximumRetryAttempts,
            MaximumEventAgeInSeconds = Int(retry, "MaximumEventAgeInSeconds", 60, 86400, "target.retryPolicy.maximumEventAgeInSeconds") ?? DeliveryTarget.DefaultMaximumEventAgeInSeconds,
            DeadLetterArn = target.TryGetProperty("DeadLetterConfig", out var dlq) && dlq.ValueKind == JsonValueKind.Object ? String(dlq, "Arn") : null,
            MessageGroupId = target.TryGetProperty("SqsParameters", out var sqs) && sqs.ValueKind == JsonValueKind.Object ? String(sqs, "MessageGroupId") : null,
            DeadLetterAttributes = new Dictionary<string, string>
            {
                ["X-Amz-Scheduler-Schedule-Arn"] = scheduleArn,
                ["X-Amz-Scheduler-Group"] = groupName,
                ["TARGET_ARN"] = arn,
            },
        };
        return new ScheduleDefinition(Normalize(body), expression, zone, delivery, input);
    }

    public static ScheduleDefinition FromStored(string json, string scheduleArn, string groupName)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement, scheduleArn, groupName);
    }

    /// <summary>The body without the members that are not part of the definition.</summary>
    private static string Normalize(JsonElement body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in body.EnumerateObject())
            {
                if (property.Name is "ClientToken" or "Name" or "GroupName")
                    continue;
                property.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private string? Member(string name)
    {
        using var document = JsonDocument.Parse(Json);
        return String(document.RootElement, name);
    }

    private DateTimeOffset? Date(string name)
    {
        using var document = JsonDocument.Parse(Json);
        return Timestamp(document.RootElement, name);
    }

    private static string? String(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw EventsErrors.Validation($"{name} must be a string.");
    }

    /// <summary>Scheduler's JSON timestamps are epoch seconds; ISO-8601 strings are accepted too.</summary>
    private static DateTimeOffset? Timestamp(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds))
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        if (value.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed;
        throw EventsErrors.Validation($"{name} must be a timestamp.");
    }

    private static int? Int(JsonElement element, string name, int min, int max, string member)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (!value.TryGetInt32(out var number))
            throw EventsErrors.Validation($"{name} must be an integer.");
        if (number < min || number > max)
            throw EventsErrors.Constraint(number.ToString(CultureInfo.InvariantCulture), member,
                number < min ? $"Member must have value greater than or equal to {min}" : $"Member must have value less than or equal to {max}");
        return number;
    }

    private static EventsException Missing(string member) => EventsErrors.Constraint("null", member, "Member must not be null");

    /// <summary>The next nominal fire time after <paramref name="after"/> within StartDate/EndDate, or null when it is done.</summary>
    public DateTimeOffset? NextFire(DateTimeOffset after, DateTimeOffset created)
    {
        var start = StartDate;
        var from = start is { } s && s > after ? s.AddTicks(-1) : after;
        var anchor = start ?? created + Expression.RatePeriod;
        var next = Expression.NextAfter(from, anchor, Zone);
        return next is { } n && EndDate is { } end && n > end ? null : next;
    }
}
