using System.Text.Json;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Events.Engine;

/// <summary>Targets of a rule: at most five, each replaced whole by a PutTargets with its Id.</summary>
public sealed partial class EventEngine
{
    public const int MaxTargetsPerRule = 5;

    public async Task PutTargetsAsync(string? busName, string rule, IReadOnlyList<JsonElement> targets, CancellationToken cancellationToken)
    {
        var bus = BusName(busName);
        var ruleArn = RuleArn(bus, rule);
        var parsed = targets.Select(t => RuleTarget.Parse(t, ruleArn)).ToList();
        var duplicate = parsed.GroupBy(t => t.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw EventsErrors.Validation($"The same target ID {duplicate.Key} appears more than once in the request.");
        await _database.WriteAsync(connection =>
        {
            RequireRule(connection, bus, rule);
            var existing = ReadTargetIds(connection, bus, rule);
            var after = existing.Union(parsed.Select(t => t.Id), StringComparer.Ordinal).Count();
            if (after > MaxTargetsPerRule)
                throw EventsErrors.LimitExceeded("The requested resource exceeds the maximum number allowed.");
            var position = existing.Count;
            foreach (var target in parsed)
            {
                connection.Execute("""
                    INSERT INTO event_targets (bus, rule, id, target, position) VALUES ($b, $r, $i, $t, $p)
                    ON CONFLICT (bus, rule, id) DO UPDATE SET target = $t
                    """, ("$b", bus), ("$r", rule), ("$i", target.Id), ("$t", target.Json), ("$p", position++));
            }
        }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
    }

    /// <summary>Removes the targets with these ids; an id the rule does not have is not an error, as in AWS.</summary>
    public async Task RemoveTargetsAsync(string? busName, string rule, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var bus = BusName(busName);
        await _database.WriteAsync(connection =>
        {
            RequireRule(connection, bus, rule);
            foreach (var id in ids)
                connection.Execute("DELETE FROM event_targets WHERE bus = $b AND rule = $r AND id = $i", ("$b", bus), ("$r", rule), ("$i", id));
        }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
    }

    /// <summary>The targets' JSON as PutTargets stored it, in the order they were added.</summary>
    public (IReadOnlyList<string> Targets, string? NextToken) ListTargetsByRule(string? busName, string rule, int? limit, string? nextToken)
    {
        var bus = BusName(busName);
        var all = _database.Read(connection =>
        {
            RequireRule(connection, bus, rule);
            return ReadTargets(connection, bus, rule);
        });
        var offset = Offset(nextToken);
        var take = limit ?? 100;
        var page = all.Skip(offset).Take(take).ToList();
        return (page, NextToken(offset, page.Count, take, all.Count));
    }

    private static void RequireRule(Microsoft.Data.Sqlite.SqliteConnection connection, string bus, string rule)
    {
        if (!BusExists(connection, bus))
            throw EventsErrors.BusNotFound(bus);
        if (connection.Scalar("SELECT 1 FROM event_rules WHERE bus = $b AND name = $n", ("$b", bus), ("$n", rule)) is null)
            throw EventsErrors.RuleNotFound(rule, bus);
    }

    private static List<string> ReadTargetIds(Microsoft.Data.Sqlite.SqliteConnection connection, string bus, string rule)
    {
        using var command = connection.Command("SELECT id FROM event_targets WHERE bus = $b AND rule = $r", ("$b", bus), ("$r", rule));
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
            ids.Add(reader.GetString(0));
        return ids;
    }

    private static List<string> ReadTargets(Microsoft.Data.Sqlite.SqliteConnection connection, string bus, string rule)
    {
        using var command = connection.Command("SELECT target FROM event_targets WHERE bus = $b AND rule = $r ORDER BY position, id", ("$b", bus), ("$r", rule));
        using var reader = command.ExecuteReader();
        var targets = new List<string>();
        while (reader.Read())
            targets.Add(reader.GetString(0));
        return targets;
    }
}
