using System.Text.Json;
using Platform.Emulators.Events.Engine;

namespace Platform.Emulators.Events.Api;

/// <summary>Rules, targets, TestEventPattern and tags.</summary>
internal sealed partial class EventsOperations
{
    private async Task PutRuleAsync(EventsRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var arn = await engine.PutRuleAsync(new PutRuleRequest
        {
            Name = request.Required("Name"),
            EventBusName = request.String("EventBusName"),
            EventPattern = request.String("EventPattern"),
            ScheduleExpression = request.String("ScheduleExpression"),
            State = request.String("State"),
            Description = request.String("Description"),
            RoleArn = request.String("RoleArn"),
            Tags = request.Tags("Tags"),
        }, cancellationToken).ConfigureAwait(false);
        writer.WriteString("RuleArn", arn);
    }

    private void DescribeRule(EventsRequest request, Utf8JsonWriter writer)
    {
        var rule = engine.DescribeRule(request.String("EventBusName"), request.Required("Name"));
        WriteRule(writer, rule);
        writer.WriteString("CreatedBy", engine.Options.AccountId);
    }

    private void ListRules(EventsRequest request, Utf8JsonWriter writer)
    {
        var (rules, next) = engine.ListRules(request.String("EventBusName"), request.String("NamePrefix"), request.Limit("Limit"), request.String("NextToken"));
        writer.WriteStartArray("Rules");
        foreach (var rule in rules)
        {
            writer.WriteStartObject();
            WriteRule(writer, rule);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (next is not null)
            writer.WriteString("NextToken", next);
    }

    private static void WriteRule(Utf8JsonWriter writer, EventRuleInfo rule)
    {
        writer.WriteString("Name", rule.Name);
        writer.WriteString("Arn", rule.Arn);
        if (rule.EventPattern is not null)
            writer.WriteString("EventPattern", rule.EventPattern);
        if (rule.ScheduleExpression is not null)
            writer.WriteString("ScheduleExpression", rule.ScheduleExpression);
        writer.WriteString("State", rule.State);
        if (rule.Description is not null)
            writer.WriteString("Description", rule.Description);
        if (rule.RoleArn is not null)
            writer.WriteString("RoleArn", rule.RoleArn);
        if (rule.ManagedBy is not null)
            writer.WriteString("ManagedBy", rule.ManagedBy);
        writer.WriteString("EventBusName", rule.EventBusName);
    }

    private async Task PutTargetsAsync(EventsRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var targets = request.Array("Targets");
        if (targets.Count is 0 or > 10)
            throw EventsErrors.Constraint($"[{targets.Count} targets]", "targets", "Member must have length between 1 and 10");
        await engine.PutTargetsAsync(request.String("EventBusName"), request.Required("Rule"), targets, cancellationToken).ConfigureAwait(false);
        WriteNoFailures(writer);
    }

    private async Task RemoveTargetsAsync(EventsRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var ids = request.Strings("Ids");
        if (ids.Count is 0 or > 100)
            throw EventsErrors.Constraint($"[{ids.Count} ids]", "ids", "Member must have length between 1 and 100");
        await engine.RemoveTargetsAsync(request.String("EventBusName"), request.Required("Rule"), ids, cancellationToken).ConfigureAwait(false);
        WriteNoFailures(writer);
    }

    private static void WriteNoFailures(Utf8JsonWriter writer)
    {
        writer.WriteNumber("FailedEntryCount", 0);
        writer.WriteStartArray("FailedEntries");
        writer.WriteEndArray();
    }

    private void ListTargetsByRule(EventsRequest request, Utf8JsonWriter writer)
    {
        var (targets, next) = engine.ListTargetsByRule(request.String("EventBusName"), request.Required("Rule"), request.Limit("Limit"), request.String("NextToken"));
        writer.WriteStartArray("Targets");
        foreach (var target in targets)
            writer.WriteRawValue(target);
        writer.WriteEndArray();
        if (next is not null)
            writer.WriteString("NextToken", next);
    }

    private void TestEventPattern(EventsRequest request, Utf8JsonWriter writer)
    {
        var pattern = request.Required("EventPattern");
        var eventText = request.Required("Event");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(eventText);
        }
        catch (JsonException)
        {
            throw EventsErrors.Validation("Parameter Event is not valid.");
        }
        using (document)
        {
            var root = document.RootElement;
            // AWS checks that the test event is a whole event, not just a detail.
            string[] required = ["id", "account", "source", "time", "region", "detail-type"];
            if (root.ValueKind != JsonValueKind.Object || required.Any(name => !root.TryGetProperty(name, out _)))
                throw EventsErrors.Validation("Parameter Event is not valid.");
            writer.WriteBoolean("Result", engine.TestEventPattern(pattern, root));
        }
    }

    private void ListTags(EventsRequest request, Utf8JsonWriter writer)
    {
        writer.WriteStartArray("Tags");
        foreach (var (key, value) in engine.ListTags(request.Required("ResourceARN")))
        {
            writer.WriteStartObject();
            writer.WriteString("Key", key);
            writer.WriteString("Value", value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
