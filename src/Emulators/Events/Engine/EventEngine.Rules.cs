using Microsoft.Data.Sqlite;
using Platform.Emulators.Events.Schedules;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Events.Engine;

/// <summary>Rules: an event pattern, a schedule (default bus only) or both; ENABLED or DISABLED.</summary>
public sealed partial class EventEngine
{
    private const string Enabled = "ENABLED";
    private const string Disabled = "DISABLED";

    public async Task<string> PutRuleAsync(PutRuleRequest request, CancellationToken cancellationToken)
    {
        ValidateRuleName(request.Name);
        var bus = BusName(request.EventBusName);
        if (request.EventPattern is null && request.ScheduleExpression is null)
            throw EventsErrors.Validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        if (request.EventPattern is not null)
            ValidatePattern(request.EventPattern);
        ScheduleExpression? schedule = null;
        if (request.ScheduleExpression is not null)
        {
            if (bus != DefaultBus)
                throw EventsErrors.Validation("ScheduleExpression is supported only on the default event bus.");
            schedule = ParseRuleSchedule(request.ScheduleExpression);
        }
        var state = request.State ?? Enabled;
        if (state is not (Enabled or Disabled or "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"))
            throw EventsErrors.Constraint(state, "state", "Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]");
        if (request.Description is { Length: > 512 })
            throw EventsErrors.Constraint(request.Description, "description", "Member must have length less than or equal to 512");

        var arn = RuleArn(bus, request.Name);
        var now = _time.GetUtcNow();
        await _database.WriteAsync(connection =>
        {
            if (!BusExists(connection, bus))
                throw EventsErrors.BusNotFound(bus);
            var existing = connection.Scalar("SELECT schedule FROM event_rules WHERE bus = $b AND name = $n", ("$b", bus), ("$n", request.Name));
            // A rate counts from when it was set; an unchanged schedule keeps its next fire time.
            long? nextFire = schedule is null ? null : NextRuleFire(schedule, now);
            connection.Execute("""
                INSERT INTO event_rules (bus, name, pattern, schedule, state, description, role_arn, next_fire_ms, created_ms)
                VALUES ($b, $n, $p, $s, $st, $d, $r, $f, $t)
                ON CONFLICT (bus, name) DO UPDATE SET pattern = $p, schedule = $s, state = $st, description = $d, role_arn = $r,
                    next_fire_ms = CASE WHEN event_rules.schedule IS $s THEN event_rules.next_fire_ms ELSE $f END
                """,
                ("$b", bus), ("$n", request.Name), ("$p", request.EventPattern), ("$s", request.ScheduleExpression), ("$st", state),
                ("$d", request.Description), ("$r", request.RoleArn), ("$f", nextFire), ("$t", now.ToUnixTimeMilliseconds()));
            if (existing is null)
                WriteTags(connection, arn, request.Tags);
        }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
        return arn;
    }

    /// <summary>A rule's next firing after <paramref name="now"/>: a rate fires one period after it is
    /// set (or re-enabled), cron at its next matching minute (UTC, as rules are).</summary>
    private static long? NextRuleFire(ScheduleExpression schedule, DateTimeOffset now) =>
        schedule.NextAfter(now, now + schedule.RatePeriod, TimeZoneInfo.Utc)?.ToUnixTimeMilliseconds();

    public async Task DeleteRuleAsync(string? busName, string name, CancellationToken cancellationToken)
    {
        var bus = BusName(busName);
        await _database.WriteAsync(connection =>
        {
            if (connection.Scalar("SELECT 1 FROM event_targets WHERE bus = $b AND rule = $n LIMIT 1", ("$b", bus), ("$n", name)) is not null)
                throw EventsErrors.Validation("Rule can't be deleted since it has targets.");
            connection.Execute("DELETE FROM event_rules WHERE bus = $b AND name = $n", ("$b", bus), ("$n", name));
            connection.Execute("DELETE FROM event_tags WHERE arn = $a", ("$a", RuleArn(bus, name)));
        }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
    }

    public EventRuleInfo DescribeRule(string? busName, string name)
    {
        ValidateRuleName(name);
        var bus = BusName(busName);
        return _database.Read(connection =>
        {
            if (!BusExists(connection, bus))
                throw EventsErrors.BusNotFound(bus);
            return ReadRules(connection, "WHERE bus = $b AND name = $n", ("$b", bus), ("$n", name)).FirstOrDefault();
        }) ?? throw EventsErrors.RuleNotFound(name, bus);
    }

    public (IReadOnlyList<EventRuleInfo> Rules, string? NextToken) ListRules(string? busName, string? prefix, int? limit, string? nextToken)
    {
        var bus = BusName(busName);
        var all = _database.Read(connection =>
        {
            if (!BusExists(connection, bus))
                throw EventsErrors.BusNotFound(bus);
            return ReadRules(connection, "WHERE bus = $b AND substr(name, 1, length($n)) = $n", ("$b", bus), ("$n", prefix ?? ""));
        });
        var offset = Offset(nextToken);
        var take = limit ?? 100;
        var page = all.Skip(offset).Take(take).ToList();
        return (page, NextToken(offset, page.Count, take, all.Count));
    }

    public async Task SetRuleStateAsync(string? busName, string name, bool enabled, CancellationToken cancellationToken)
    {
        var bus = BusName(busName);
        var now = _time.GetUtcNow();
        await _database.WriteAsync(connection =>
        {
            var schedule = connection.Scalar("SELECT coalesce(schedule, '') FROM event_rules WHERE bus = $b AND name = $n", ("$b", bus), ("$n", name))
                ?? throw EventsErrors.RuleNotFound(name, bus);
            // A re-enabled schedule does not fire for the time it was off: its next time counts from now.
            long? nextFire = (string)schedule is { Length: > 0 } text ? NextRuleFire(ParseRuleSchedule(text), now) : null;
            connection.Execute("UPDATE event_rules SET state = $s, next_fire_ms = $f WHERE bus = $b AND name = $n",
                ("$s", enabled ? Enabled : Disabled), ("$f", nextFire), ("$b", bus), ("$n", name));
        }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
    }

    /// <summary>TestEventPattern: the pattern is validated as PutRule validates it.</summary>
    public bool TestEventPattern(string pattern, System.Text.Json.JsonElement @event)
    {
        ValidatePattern(pattern);
        return _patterns.Matches(pattern, @event);
    }

    private void ValidatePattern(string pattern)
    {
        if (pattern.Length > 4096)
            throw EventsErrors.Constraint("...", "eventPattern", "Member must have length less than or equal to 4096");
        try
        {
            _patterns.Validate(pattern);
        }
        catch (FormatException e)
        {
            throw EventsErrors.InvalidPattern(e.Message);
        }
    }

    private static ScheduleExpression ParseRuleSchedule(string text)
    {
        try
        {
            return ScheduleExpression.Parse(text, allowAt: false);
        }
        catch (FormatException)
        {
            throw EventsErrors.Validation("Parameter ScheduleExpression is not valid.");
        }
    }

    private List<EventRuleInfo> ReadRules(SqliteConnection connection, string where, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(
            $"SELECT bus, name, pattern, schedule, state, description, role_arn, managed_by FROM event_rules {where} ORDER BY name", parameters);
        using var reader = command.ExecuteReader();
        var rules = new List<EventRuleInfo>();
        while (reader.Read())
        {
            rules.Add(new EventRuleInfo
            {
                EventBusName = reader.GetString(0),
                Name = reader.GetString(1),
                Arn = RuleArn(reader.GetString(0), reader.GetString(1)),
                EventPattern = reader.NullableString(2),
                ScheduleExpression = reader.NullableString(3),
                State = reader.GetString(4),
                Description = reader.NullableString(5),
                RoleArn = reader.NullableString(6),
                ManagedBy = reader.NullableString(7),
            });
        }
        return rules;
    }

    private static void ValidateRuleName(string name)
    {
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            throw EventsErrors.Constraint(name, "name", "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
    }
}
