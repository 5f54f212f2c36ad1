using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Events.Engine;

/// <summary>PutEvents: each entry is checked on its own (its error goes in its result), then every
/// enabled pattern rule of its bus is matched and each matched target's delivery is written to the
/// outbox — all in one commit, before the answer.</summary>
public sealed partial class EventEngine
{
    public const int MaxEntries = 10;
    public const int MaxRequestBytes = 256 * 1024;

    private const string RuleOrigin = "rule";

    public async Task<IReadOnlyList<PutEventResult>> PutEventsAsync(IReadOnlyList<EventEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
            throw EventsErrors.Constraint("[]", "entries", "Member must have length greater than or equal to 1");
        if (entries.Count > MaxEntries)
            throw EventsErrors.Constraint($"[{entries.Count} entries]", "entries", $"Member must have length less than or equal to {MaxEntries}");
        if (entries.Sum(EntrySize) > MaxRequestBytes)
            throw EventsErrors.Validation("Total size of the entries in the request is over the limit.");

        var now = _time.GetUtcNow();
        var results = await _database.WriteAsync(connection =>
        {
            var rulesByBus = new Dictionary<string, List<(EventRuleInfo Rule, List<RuleTarget> Targets)>>(StringComparer.Ordinal);
            var results = new PutEventResult[entries.Count];
            for (var i = 0; i < entries.Count; i++)
                results[i] = Accept(connection, entries[i], now, rulesByBus);
            return results;
        }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
        return results;
    }

    private PutEventResult Accept(SqliteConnection connection, EventEntry entry, DateTimeOffset now,
        Dictionary<string, List<(EventRuleInfo Rule, List<RuleTarget> Targets)>> rulesByBus)
    {
        if (Invalid(entry) is { } error)
            return error;
        var bus = BusName(entry.EventBusName);
        if (!rulesByBus.TryGetValue(bus, out var rules))
        {
            if (!BusExists(connection, bus))
                return PutEventResult.Error("NotFoundException", $"Event bus {bus} does not exist.");
            rules = rulesByBus[bus] = ReadPatternRules(connection, bus);
        }

        var id = Guid.NewGuid().ToString();
        var eventJson = EventEnvelope.Build(id, entry.DetailType!, entry.Source!, Options.AccountId, entry.Time ?? now,
            Options.Region, entry.Resources, entry.Detail!);
        using var document = JsonDocument.Parse(eventJson);
        foreach (var (rule, targets) in rules)
        {
            if (!_patterns.Matches(rule.EventPattern!, document.RootElement))
                continue;
            foreach (var target in targets)
            {
                var payload = target.RenderInput(document.RootElement, eventJson, rule.Arn, rule.Name);
                InsertDelivery(connection, target.Delivery, payload, id, rule.Arn, RuleOrigin, now);
            }
        }
        return new PutEventResult(id);
    }

    /// <summary>The entry-level checks, with PutEvents' codes and messages.</summary>
    private static PutEventResult? Invalid(EventEntry entry)
    {
        if (string.IsNullOrEmpty(entry.Source))
            return PutEventResult.Error("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument.");
        if (string.IsNullOrEmpty(entry.DetailType))
            return PutEventResult.Error("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument.");
        if (string.IsNullOrEmpty(entry.Detail))
            return PutEventResult.Error("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.");
        if (!entry.FromAwsService && entry.Source.StartsWith("aws.", StringComparison.Ordinal))
            return PutEventResult.Error("NotAuthorizedForSourceException", "Not authorized for the source.");
        if (!IsJsonObject(entry.Detail))
            return PutEventResult.Error("MalformedDetail", "Detail is malformed.");
        return null;
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>AWS's entry size: 14 bytes for a Time, plus the UTF-8 bytes of Source, DetailType, Detail and each resource.</summary>
    private static int EntrySize(EventEntry entry) =>
        (entry.Time is null ? 0 : 14) + Utf8(entry.Source) + Utf8(entry.DetailType) + Utf8(entry.Detail) + entry.Resources.Sum(Utf8);

    private static int Utf8(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);

    private List<(EventRuleInfo, List<RuleTarget>)> ReadPatternRules(SqliteConnection connection, string bus)
    {
        var rules = ReadRules(connection, "WHERE bus = $b AND pattern IS NOT NULL AND state <> 'DISABLED'", ("$b", bus));
        return [.. rules.Select(rule => (rule, ReadTargets(connection, bus, rule.Name).Select(t => RuleTarget.FromStored(t, rule.Arn)).ToList()))];
    }

    private void InsertDelivery(SqliteConnection connection, DeliveryTarget target, string payload, string eventId, string sourceArn,
        string origin, DateTimeOffset now)
    {
        connection.Execute("""
            INSERT INTO event_outbox (target, payload, event_id, source_arn, origin, created_ms, due_ms)
            VALUES ($t, $p, $e, $s, $o, $c, $c)
            """, ("$t", target.ToJson()), ("$p", payload), ("$e", eventId), ("$s", sourceArn), ("$o", origin), ("$c", now.ToUnixTimeMilliseconds()));
    }
}
