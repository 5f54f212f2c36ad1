using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Events.Engine;

/// <summary>EventBridge Scheduler: schedules in groups (the <c>default</c> group always exists).
/// Every write stores the schedule's next fire time, so a restart continues where it stopped.</summary>
public sealed partial class EventEngine
{
    public string ScheduleArn(string group, string name) => ArnPrefix("scheduler") + $"schedule/{group}/{name}";

    public string ScheduleGroupArn(string group) => ArnPrefix("scheduler") + $"schedule-group/{group}";

    public async Task<string> CreateScheduleAsync(string name, string? groupName, JsonElement body, CancellationToken cancellationToken)
    {
        var group = groupName ?? DefaultBus;
        ValidateScheduleName(name, "name");
        var arn = ScheduleArn(group, name);
        var definition = ScheduleDefinition.Parse(body, arn, group);
        var now = _time.GetUtcNow();
        await _database.WriteAsync(connection =>
        {
            RequireGroup(connection, group);
            if (connection.Scalar("SELECT 1 FROM schedules WHERE group_name = $g AND name = $n", ("$g", group), ("$n", name)) is not null)
                throw new EventsException("ConflictException", $"Schedule {name} already exists.", 409);
            connection.Execute("INSERT INTO schedules (group_name, name, definition, created_ms, modified_ms) VALUES ($g, $n, $d, $t, $t)",
                ("$g", group), ("$n", name), ("$d", definition.Json), ("$t", now.ToUnixTimeMilliseconds()));
            StoreNextFire(connection, group, name, definition, now, now);
        }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
        return arn;
    }

    public async Task<string> UpdateScheduleAsync(string name, string? groupName, JsonElement body, CancellationToken cancellationToken)
    {
        var group = groupName ?? DefaultBus;
        var arn = ScheduleArn(group, name);
        var definition = ScheduleDefinition.Parse(body, arn, group);
        var now = _time.GetUtcNow();
        await _database.WriteAsync(connection =>
        {
            var created = connection.Scalar("SELECT created_ms FROM schedules WHERE group_name = $g AND name = $n", ("$g", group), ("$n", name))
                ?? throw ScheduleNotFound(name);
            connection.Execute("UPDATE schedules SET definition = $d, modified_ms = $t WHERE group_name = $g AND name = $n",
                ("$g", group), ("$n", name), ("$d", definition.Json), ("$t", now.ToUnixTimeMilliseconds()));
            StoreNextFire(connection, group, name, definition, now, FromMs((long)created));
        }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
        return arn;
    }

    public async Task DeleteScheduleAsync(string name, string? groupName, CancellationToken cancellationToken)
    {
        var group = groupName ?? DefaultBus;
        await _database.WriteAsync(connection =>
        {
            if (connection.Execute("DELETE FROM schedules WHERE group_name = $g AND name = $n", ("$g", group), ("$n", name)) == 0)
                throw ScheduleNotFound(name);
        }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
    }

    public ScheduleInfo GetSchedule(string name, string? groupName)
    {
        var group = groupName ?? DefaultBus;
        return _database.Read(connection => ReadSchedules(connection, "WHERE group_name = $g AND name = $n", ("$g", group), ("$n", name)))
            .FirstOrDefault() ?? throw ScheduleNotFound(name);
    }

    public (IReadOnlyList<ScheduleInfo> Schedules, string? NextToken) ListSchedules(string? groupName, string? prefix, string? state, int? limit, string? nextToken)
    {
        var all = _database.Read(connection => ReadSchedules(connection,
            "WHERE ($g IS NULL OR group_name = $g) AND substr(name, 1, length($p)) = $p", ("$g", groupName), ("$p", prefix ?? "")));
        var filtered = all.Where(s => state is null || (s.Definition.Enabled ? "ENABLED" : "DISABLED") == state).ToList();
        var offset = Offset(nextToken);
        var take = limit ?? 100;
        var page = filtered.Skip(offset).Take(take).ToList();
        return (page, NextToken(offset, page.Count, take, filtered.Count));
    }

    public async Task<string> CreateScheduleGroupAsync(string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ValidateScheduleName(name, "name");
        var arn = ScheduleGroupArn(name);
        await _database.WriteAsync(connection =>
        {
            if (connection.Scalar("SELECT 1 FROM schedule_groups WHERE name = $n", ("$n", name)) is not null)
                throw new EventsException("ConflictException", $"Schedule group {name} already exists.", 409);
            connection.Execute("INSERT INTO schedule_groups (name, created_ms, modified_ms) VALUES ($n, $t, $t)", ("$n", name), ("$t", NowMs));
            WriteTags(connection, arn, tags);
        }, cancellationToken).ConfigureAwait(false);
        return arn;
    }

    /// <summary>Deleting a group deletes its schedules, as Scheduler does.</summary>
    public async Task DeleteScheduleGroupAsync(string name, CancellationToken cancellationToken)
    {
        if (name == DefaultBus)
            throw EventsErrors.Validation("The default schedule group cannot be deleted.");
        await _database.WriteAsync(connection =>
        {
            RequireGroup(connection, name);
            connection.Execute("DELETE FROM schedules WHERE group_name = $n", ("$n", name));
            connection.Execute("DELETE FROM schedule_groups WHERE name = $n", ("$n", name));
            connection.Execute("DELETE FROM event_tags WHERE arn = $a", ("$a", ScheduleGroupArn(name)));
        }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
    }

    public ScheduleGroupInfo GetScheduleGroup(string name) =>
        _database.Read(connection => ReadGroups(connection, "WHERE name = $p", name)).FirstOrDefault()
            ?? throw EventsErrors.NotFound($"Schedule group {name} does not exist.");

    public (IReadOnlyList<ScheduleGroupInfo> Groups, string? NextToken) ListScheduleGroups(string? prefix, int? limit, string? nextToken)
    {
        var all = _database.Read(connection => ReadGroups(connection, "WHERE substr(name, 1, length($p)) = $p", prefix ?? ""));
        var offset = Offset(nextToken);
        var take = limit ?? 100;
        var page = all.Skip(offset).Take(take).ToList();
        return (page, NextToken(offset, page.Count, take, all.Count));
    }

    /// <summary>Stores the next nominal fire time and the due time inside the flexible window (a
    /// random point in it, as Scheduler spreads invocations).</summary>
    private static void StoreNextFire(SqliteConnection connection, string group, string name, ScheduleDefinition definition,
        DateTimeOffset after, DateTimeOffset created)
    {
        var next = definition.Enabled ? definition.NextFire(after, created) : null;
        long? due = next is { } n ? (n + TimeSpan.FromTicks((long)(definition.FlexibleWindow.Ticks * Random.Shared.NextDouble()))).ToUnixTimeMilliseconds() : null;
        connection.Execute("UPDATE schedules SET next_fire_ms = $f, due_ms = $d WHERE group_name = $g AND name = $n",
            ("$f", next?.ToUnixTimeMilliseconds()), ("$d", due), ("$g", group), ("$n", name));
    }

    private List<ScheduleInfo> ReadSchedules(SqliteConnection connection, string where, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command($"SELECT group_name, name, definition, created_ms, modified_ms FROM schedules {where} ORDER BY group_name, name", parameters);
        using var reader = command.ExecuteReader();
        var schedules = new List<ScheduleInfo>();
        while (reader.Read())
        {
            var (group, name) = (reader.GetString(0), reader.GetString(1));
            var arn = ScheduleArn(group, name);
            schedules.Add(new ScheduleInfo(name, group, arn, ScheduleDefinition.FromStored(reader.GetString(2), arn, group),
                FromMs(reader.GetInt64(3)), FromMs(reader.GetInt64(4))));
        }
        return schedules;
    }

    private List<ScheduleGroupInfo> ReadGroups(SqliteConnection connection, string where, string parameter)
    {
        using var command = connection.Command($"SELECT name, created_ms, modified_ms FROM schedule_groups {where} ORDER BY name", ("$p", parameter));
        using var reader = command.ExecuteReader();
        var groups = new List<ScheduleGroupInfo>();
        while (reader.Read())
            groups.Add(new ScheduleGroupInfo(reader.GetString(0), ScheduleGroupArn(reader.GetString(0)), FromMs(reader.GetInt64(1)), FromMs(reader.GetInt64(2))));
        return groups;
    }

    private static void RequireGroup(SqliteConnection connection, string group)
    {
        if (connection.Scalar("SELECT 1 FROM schedule_groups WHERE name = $n", ("$n", group)) is null)
            throw EventsErrors.NotFound($"Schedule group {group} does not exist.");
    }

    private static EventsException ScheduleNotFound(string name) => EventsErrors.NotFound($"Schedule {name} does not exist.");

    private static void ValidateScheduleName(string name, string member)
    {
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            throw EventsErrors.Constraint(name, member, "Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$");
    }
}
