using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Emulators.Events.Engine;

namespace Platform.Emulators.Events.Api;

/// <summary>Scheduler's operations, routed by method and path.</summary>
internal sealed class SchedulerOperations(EventEngine engine)
{
    public Task RunAsync(HttpRequest request, JsonElement body, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var segments = (request.Path.Value ?? "").Trim('/').Split('/', 2);
        var resource = segments[0];
        var name = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : null;
        var method = request.Method;
        var query = request.Query;
        return (resource, name is null, method) switch
        {
            ("schedules", false, "POST") => WriteArnAsync(writer, "ScheduleArn",
                engine.CreateScheduleAsync(name!, EventsRequest.String(body, "GroupName"), body, cancellationToken)),
            ("schedules", false, "PUT") => WriteArnAsync(writer, "ScheduleArn",
                engine.UpdateScheduleAsync(name!, EventsRequest.String(body, "GroupName"), body, cancellationToken)),
            ("schedules", false, "GET") => Done(() => WriteSchedule(writer, engine.GetSchedule(name!, Query(query, "groupName")))),
            ("schedules", false, "DELETE") => engine.DeleteScheduleAsync(name!, Query(query, "groupName"), cancellationToken),
            ("schedules", true, "GET") => Done(() => ListSchedules(query, writer)),
            ("schedule-groups", false, "POST") => WriteArnAsync(writer, "ScheduleGroupArn",
                engine.CreateScheduleGroupAsync(name!, Tags(body), cancellationToken)),
            ("schedule-groups", false, "GET") => Done(() => WriteGroup(writer, engine.GetScheduleGroup(name!))),
            ("schedule-groups", false, "DELETE") => engine.DeleteScheduleGroupAsync(name!, cancellationToken),
            ("schedule-groups", true, "GET") => Done(() => ListGroups(query, writer)),
            ("tags", false, "POST") => engine.TagResourceAsync(name!, Tags(body), cancellationToken),
            ("tags", false, "DELETE") => engine.UntagResourceAsync(name!, [.. query["TagKeys"].Select(k => k ?? "")], cancellationToken),
            ("tags", false, "GET") => Done(() => WriteTags(writer, engine.ListTags(name!))),
            _ => throw new EventsException("UnknownOperationException", $"{method} {request.Path} is not a Scheduler operation.", 404),
        };
    }

    private static Task Done(Action action)
    {
        action();
        return Task.CompletedTask;
    }

    private static async Task WriteArnAsync(Utf8JsonWriter writer, string member, Task<string> operation) =>
        writer.WriteString(member, await operation.ConfigureAwait(false));

    private static string? Query(IQueryCollection query, string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;

    private static int? MaxResults(IQueryCollection query)
    {
        if (Query(query, "MaxResults") is not { } text)
            return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 100
            ? value
            : throw EventsErrors.Constraint(text, "maxResults", "Member must have value between 1 and 100");
    }

    private static IReadOnlyDictionary<string, string> Tags(JsonElement body)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.TryGetProperty("Tags", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in list.EnumerateArray())
                tags[EventsRequest.String(tag, "Key") ?? ""] = EventsRequest.String(tag, "Value") ?? "";
        }
        return tags;
    }

    private static void WriteSchedule(Utf8JsonWriter writer, ScheduleInfo schedule)
    {
        writer.WriteString("Arn", schedule.Arn);
        writer.WriteNumber("CreationDate", Seconds(schedule.Created));
        writer.WriteString("GroupName", schedule.GroupName);
        writer.WriteNumber("LastModificationDate", Seconds(schedule.Modified));
        writer.WriteString("Name", schedule.Name);
        using var document = JsonDocument.Parse(schedule.Definition.Json);
        var definition = document.RootElement;
        foreach (var property in definition.EnumerateObject())
            property.WriteTo(writer);
        if (!definition.TryGetProperty("State", out _))
            writer.WriteString("State", "ENABLED");
        if (!definition.TryGetProperty("ScheduleExpressionTimezone", out _))
            writer.WriteString("ScheduleExpressionTimezone", "UTC");
        if (!definition.TryGetProperty("ActionAfterCompletion", out _))
            writer.WriteString("ActionAfterCompletion", "NONE");
    }

    private void ListSchedules(IQueryCollection query, Utf8JsonWriter writer)
    {
        var (schedules, next) = engine.ListSchedules(Query(query, "ScheduleGroup"), Query(query, "NamePrefix"), Query(query, "State"),
            MaxResults(query), Query(query, "NextToken"));
        writer.WriteStartArray("Schedules");
        foreach (var schedule in schedules)
        {
            writer.WriteStartObject();
            writer.WriteString("Arn", schedule.Arn);
            writer.WriteNumber("CreationDate", Seconds(schedule.Created));
            writer.WriteString("GroupName", schedule.GroupName);
            writer.WriteNumber("LastModificationDate", Seconds(schedule.Modified));
            writer.WriteString("Name", schedule.Name);
            writer.WriteString("State", schedule.Definition.Enabled ? "ENABLED" : "DISABLED");
            writer.WriteStartObject("Target");
            writer.WriteString("Arn", schedule.Definition.Target.Arn);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (next is not null)
            writer.WriteString("NextToken", next);
    }

    private static void WriteGroup(Utf8JsonWriter writer, ScheduleGroupInfo group)
    {
        writer.WriteString("Arn", group.Arn);
        writer.WriteNumber("CreationDate", Seconds(group.Created));
        writer.WriteNumber("LastModificationDate", Seconds(group.Modified));
        writer.WriteString("Name", group.Name);
        writer.WriteString("State", "ACTIVE");
    }

    private void ListGroups(IQueryCollection query, Utf8JsonWriter writer)
    {
        var (groups, next) = engine.ListScheduleGroups(Query(query, "NamePrefix"), MaxResults(query), Query(query, "NextToken"));
        writer.WriteStartArray("ScheduleGroups");
        foreach (var group in groups)
        {
            writer.WriteStartObject();
            WriteGroup(writer, group);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (next is not null)
            writer.WriteString("NextToken", next);
    }

    private static void WriteTags(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        writer.WriteStartArray("Tags");
        foreach (var (key, value) in tags)
        {
            writer.WriteStartObject();
            writer.WriteString("Key", key);
            writer.WriteString("Value", value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static decimal Seconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000m;
}
