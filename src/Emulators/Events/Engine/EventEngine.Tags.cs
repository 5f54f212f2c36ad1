using Microsoft.Data.Sqlite;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Events.Engine;

/// <summary>Tags of buses and rules (TagResource, UntagResource, ListTagsForResource), by ARN.</summary>
public sealed partial class EventEngine
{
    public async Task TagResourceAsync(string arn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        await _database.WriteAsync(connection =>
        {
            RequireTaggable(connection, arn);
            WriteTags(connection, arn, tags);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task UntagResourceAsync(string arn, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        await _database.WriteAsync(connection =>
        {
            RequireTaggable(connection, arn);
            foreach (var key in keys)
                connection.Execute("DELETE FROM event_tags WHERE arn = $a AND key = $k", ("$a", arn), ("$k", key));
        }, cancellationToken).ConfigureAwait(false);
    }

    public IReadOnlyList<KeyValuePair<string, string>> ListTags(string arn) => _database.Read(connection =>
    {
        RequireTaggable(connection, arn);
        using var command = connection.Command("SELECT key, value FROM event_tags WHERE arn = $a ORDER BY key", ("$a", arn));
        using var reader = command.ExecuteReader();
        var tags = new List<KeyValuePair<string, string>>();
        while (reader.Read())
            tags.Add(new(reader.GetString(0), reader.GetString(1)));
        return tags;
    });

    private static void WriteTags(SqliteConnection connection, string arn, IReadOnlyDictionary<string, string> tags)
    {
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || value.Length > 256)
                throw EventsErrors.Validation($"Tag key {key} must be 1-128 characters and its value at most 256.");
            connection.Execute("INSERT INTO event_tags (arn, key, value) VALUES ($a, $k, $v) ON CONFLICT (arn, key) DO UPDATE SET value = $v",
                ("$a", arn), ("$k", key), ("$v", value));
        }
        if (connection.Scalar("SELECT count(*) FROM event_tags WHERE arn = $a", ("$a", arn)) is long count && count > 50)
            throw EventsErrors.Validation("A resource can have at most 50 tags.");
    }

    /// <summary>Buses, rules and schedule groups carry tags; anything else is not found.</summary>
    private void RequireTaggable(SqliteConnection connection, string arn)
    {
        var events = ArnPrefix("events");
        var scheduler = ArnPrefix("scheduler");
        bool exists;
        if (arn.StartsWith(events + "event-bus/", StringComparison.Ordinal))
            exists = BusExists(connection, arn[(events.Length + "event-bus/".Length)..]);
        else if (arn.StartsWith(events + "rule/", StringComparison.Ordinal))
        {
            var path = arn[(events.Length + "rule/".Length)..];
            var slash = path.LastIndexOf('/');
            var (bus, rule) = slash < 0 ? (DefaultBus, path) : (path[..slash], path[(slash + 1)..]);
            exists = connection.Scalar("SELECT 1 FROM event_rules WHERE bus = $b AND name = $n", ("$b", bus), ("$n", rule)) is not null;
        }
        else if (arn.StartsWith(scheduler + "schedule-group/", StringComparison.Ordinal))
            exists = connection.Scalar("SELECT 1 FROM schedule_groups WHERE name = $n", ("$n", arn[(scheduler.Length + "schedule-group/".Length)..])) is not null;
        else
            exists = false;
        if (!exists)
            throw EventsErrors.NotFound($"Resource {arn} does not exist.");
    }
}
