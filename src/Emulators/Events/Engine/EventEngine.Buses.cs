using Microsoft.Data.Sqlite;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Events.Engine;

/// <summary>Event buses: the default one always exists; custom ones are created and deleted.</summary>
public sealed partial class EventEngine
{
    public async Task<string> CreateEventBusAsync(string name, string? description, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ValidateBusName(name);
        if (name.StartsWith("aws.", StringComparison.Ordinal))
            throw EventsErrors.Validation("Event source aws.* is reserved; a custom event bus name may not start with aws.");
        var arn = BusArn(name);
        await _database.WriteAsync(connection =>
        {
            if (BusExists(connection, name))
                throw EventsErrors.AlreadyExists($"Event bus {name} already exists.");
            connection.Execute("INSERT INTO event_buses (name, description, created_ms) VALUES ($n, $d, $t)",
                ("$n", name), ("$d", description), ("$t", NowMs));
            WriteTags(connection, arn, tags);
        }, cancellationToken).ConfigureAwait(false);
        return arn;
    }

    public async Task DeleteEventBusAsync(string name, CancellationToken cancellationToken)
    {
        name = BusName(name);
        if (name == DefaultBus)
            throw EventsErrors.Validation("Cannot delete event bus default.");
        await _database.WriteAsync(connection =>
        {
            // AWS deletes a bus that does not exist without complaint.
            if (connection.Scalar("SELECT 1 FROM event_rules WHERE bus = $b LIMIT 1", ("$b", name)) is not null)
                throw EventsErrors.Validation($"Cannot delete event bus {name} because it has rules.");
            connection.Execute("DELETE FROM event_buses WHERE name = $n", ("$n", name));
            connection.Execute("DELETE FROM event_tags WHERE arn = $a", ("$a", BusArn(name)));
        }, cancellationToken).ConfigureAwait(false);
    }

    public EventBusInfo DescribeEventBus(string? nameOrArn)
    {
        var name = BusName(nameOrArn);
        return _database.Read(connection => ReadBuses(connection, "WHERE name = $p", name)).FirstOrDefault()
            ?? throw EventsErrors.BusNotFound(name);
    }

    public (IReadOnlyList<EventBusInfo> Buses, string? NextToken) ListEventBuses(string? prefix, int? limit, string? nextToken)
    {
        var all = _database.Read(connection => ReadBuses(connection, "WHERE substr(name, 1, length($p)) = $p", prefix ?? ""));
        var offset = Offset(nextToken);
        var take = limit ?? 100;
        var page = all.Skip(offset).Take(take).ToList();
        return (page, NextToken(offset, page.Count, take, all.Count));
    }

    private List<EventBusInfo> ReadBuses(SqliteConnection connection, string where, string parameter)
    {
        using var command = connection.Command($"SELECT name, description, created_ms FROM event_buses {where} ORDER BY name", ("$p", parameter));
        using var reader = command.ExecuteReader();
        var buses = new List<EventBusInfo>();
        while (reader.Read())
            buses.Add(new EventBusInfo(reader.GetString(0), BusArn(reader.GetString(0)), reader.NullableString(1), FromMs(reader.GetInt64(2))));
        return buses;
    }

    private static void ValidateBusName(string name)
    {
        if (name.Length is 0 or > 256 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_'))
            throw EventsErrors.Constraint(name, "name", "Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+");
    }
}
