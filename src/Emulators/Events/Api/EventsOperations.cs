using System.Globalization;
using System.Text.Json;
using Platform.Emulators.Events.Engine;

namespace Platform.Emulators.Events.Api;

/// <summary>The EventBridge operations: read the request, call the engine, write the reply's members.</summary>
internal sealed partial class EventsOperations(EventEngine engine)
{
    public Task RunAsync(string operation, EventsRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken) => operation switch
    {
        "CreateEventBus" => CreateEventBusAsync(request, writer, cancellationToken),
        "DeleteEventBus" => engine.DeleteEventBusAsync(request.Required("Name"), cancellationToken),
        "DescribeEventBus" => Done(() => WriteBus(writer, engine.DescribeEventBus(request.String("Name")), describe: true)),
        "ListEventBuses" => Done(() => ListEventBuses(request, writer)),
        "PutEvents" => PutEventsAsync(request, writer, cancellationToken),
        "PutRule" => PutRuleAsync(request, writer, cancellationToken),
        "DeleteRule" => engine.DeleteRuleAsync(request.String("EventBusName"), request.Required("Name"), cancellationToken),
        "DescribeRule" => Done(() => DescribeRule(request, writer)),
        "ListRules" => Done(() => ListRules(request, writer)),
        "EnableRule" => engine.SetRuleStateAsync(request.String("EventBusName"), request.Required("Name"), enabled: true, cancellationToken),
        "DisableRule" => engine.SetRuleStateAsync(request.String("EventBusName"), request.Required("Name"), enabled: false, cancellationToken),
        "PutTargets" => PutTargetsAsync(request, writer, cancellationToken),
        "RemoveTargets" => RemoveTargetsAsync(request, writer, cancellationToken),
        "ListTargetsByRule" => Done(() => ListTargetsByRule(request, writer)),
        "TestEventPattern" => Done(() => TestEventPattern(request, writer)),
        "TagResource" => engine.TagResourceAsync(request.Required("ResourceARN"), request.Tags("Tags"), cancellationToken),
        "UntagResource" => engine.UntagResourceAsync(request.Required("ResourceARN"), request.Strings("TagKeys"), cancellationToken),
        "ListTagsForResource" => Done(() => ListTags(request, writer)),
        _ => throw new EventsException("UnknownOperationException", $"Operation {operation} is not supported by this EventBridge emulator (see docs/events.md)."),
    };

    private static Task Done(Action action)
    {
        action();
        return Task.CompletedTask;
    }

    private async Task CreateEventBusAsync(EventsRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        if (request.String("EventSourceName") is not null)
            throw EventsErrors.Validation("Partner event sources are not supported by this emulator.");
        var arn = await engine.CreateEventBusAsync(request.Required("Name"), request.String("Description"), request.Tags("Tags"), cancellationToken)
            .ConfigureAwait(false);
        writer.WriteString("EventBusArn", arn);
    }

    private void ListEventBuses(EventsRequest request, Utf8JsonWriter writer)
    {
        var (buses, next) = engine.ListEventBuses(request.String("NamePrefix"), request.Limit("Limit"), request.String("NextToken"));
        writer.WriteStartArray("EventBuses");
        foreach (var bus in buses)
        {
            writer.WriteStartObject();
            WriteBus(writer, bus, describe: false);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (next is not null)
            writer.WriteString("NextToken", next);
    }

    private static void WriteBus(Utf8JsonWriter writer, EventBusInfo bus, bool describe)
    {
        writer.WriteString("Name", bus.Name);
        writer.WriteString("Arn", bus.Arn);
        if (bus.Description is not null)
            writer.WriteString("Description", bus.Description);
        writer.WriteNumber("CreationTime", bus.Created.ToUnixTimeMilliseconds() / 1000m);
        writer.WriteNumber("LastModifiedTime", bus.Created.ToUnixTimeMilliseconds() / 1000m);
        _ = describe;
    }

    private async Task PutEventsAsync(EventsRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var entries = request.Array("Entries").Select(ReadEntry).ToList();
        var results = await engine.PutEventsAsync(entries, cancellationToken).ConfigureAwait(false);
        writer.WriteNumber("FailedEntryCount", results.Count(r => r.Failed));
        writer.WriteStartArray("Entries");
        foreach (var result in results)
        {
            writer.WriteStartObject();
            if (result.EventId is not null)
                writer.WriteString("EventId", result.EventId);
            if (result.ErrorCode is not null)
            {
                writer.WriteString("ErrorCode", result.ErrorCode);
                writer.WriteString("ErrorMessage", result.ErrorMessage);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static EventEntry ReadEntry(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
            throw EventsRequest.WrongType("Entries", "list of PutEventsRequestEntry");
        IReadOnlyList<string> resources = [];
        if (entry.TryGetProperty("Resources", out var list) && list.ValueKind == JsonValueKind.Array)
            resources = [.. list.EnumerateArray().Select(r => r.ValueKind == JsonValueKind.String ? r.GetString()! : throw EventsRequest.WrongType("Resources", "list of strings"))];
        return new EventEntry
        {
            Source = EventsRequest.String(entry, "Source"),
            DetailType = EventsRequest.String(entry, "DetailType"),
            Detail = EventsRequest.String(entry, "Detail"),
            EventBusName = EventsRequest.String(entry, "EventBusName"),
            Resources = resources,
            Time = Time(entry),
        };
    }

    private static DateTimeOffset? Time(JsonElement entry)
    {
        if (!entry.TryGetProperty("Time", out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && seconds is >= 0 and < 253402300800)
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(seconds * 1000));
        if (value.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed;
        throw EventsRequest.WrongType("Time", "timestamp");
    }
}
