using Microsoft.Data.Sqlite;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Events.Engine;

/// <summary>
/// Firing due schedules: a scheduled rule sends AWS's "Scheduled Event" to each target, a Scheduler
/// schedule its target's Input. The deliveries and the next fire time commit together, so a crash
/// neither loses nor repeats a firing. A schedule that came due more than once while nothing ran
/// (the platform was down) fires once, and its next time counts from now: a job that runs "every
/// five minutes" should not run a burst of catch-up copies after an hour's outage.
/// </summary>
public sealed partial class EventEngine
{
    private const string ScheduleOrigin = "schedule";

    public async Task<int> FireDueSchedulesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fired = await _database.WriteAsync(connection => FireRules(connection, now) + FireSchedules(connection, now), cancellationToken)
            .ConfigureAwait(false);
        if (fired > 0)
            Changed.Notify();
        return fired;
    }

    private int FireRules(SqliteConnection connection, DateTimeOffset now)
    {
        var due = new List<(string Bus, string Name, string Schedule, long NextFire)>();
        using (var command = connection.Command("""
            SELECT bus, name, schedule, next_fire_ms FROM event_rules
            WHERE next_fire_ms IS NOT NULL AND next_fire_ms <= $now AND state <> 'DISABLED'
            """, ("$now", now.ToUnixTimeMilliseconds())))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                due.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        }

        foreach (var (bus, name, scheduleText, nextFire) in due)
        {
            var arn = RuleArn(bus, name);
            var id = Guid.NewGuid().ToString();
            var eventJson = EventEnvelope.Build(id, "Scheduled Event", "aws.events", Options.AccountId, FromMs(nextFire), Options.Region, [arn], "{}");
            using var document = System.Text.Json.JsonDocument.Parse(eventJson);
            foreach (var stored in ReadTargets(connection, bus, name))
            {
                var target = RuleTarget.FromStored(stored, arn);
                InsertDelivery(connection, target.Delivery, target.RenderInput(document.RootElement, eventJson, arn, name), id, arn, ScheduleOrigin, now);
            }
            // A rate keeps its phase (anchored at the fire time that was due); cron takes its next minute.
            var schedule = ParseRuleSchedule(scheduleText);
            var next = schedule.NextAfter(now, FromMs(nextFire), TimeZoneInfo.Utc)?.ToUnixTimeMilliseconds();
            connection.Execute("UPDATE event_rules SET next_fire_ms = $f WHERE bus = $b AND name = $n", ("$f", next), ("$b", bus), ("$n", name));
        }
        return due.Count;
    }

    private int FireSchedules(SqliteConnection connection, DateTimeOffset now)
    {
        var due = ReadSchedules(connection, "WHERE due_ms IS NOT NULL AND due_ms <= $now", ("$now", now.ToUnixTimeMilliseconds()));
        foreach (var schedule in due)
        {
            var definition = schedule.Definition;
            var eventId = Guid.NewGuid().ToString();
            InsertDelivery(connection, definition.Target, definition.Input ?? "{}", eventId, schedule.Arn, ScheduleOrigin, now);
            var next = definition.NextFire(now, schedule.Created);
            if (next is null && definition.DeleteAfterCompletion)
            {
                connection.Execute("DELETE FROM schedules WHERE group_name = $g AND name = $n", ("$g", schedule.GroupName), ("$n", schedule.Name));
                continue;
            }
            StoreNextFire(connection, schedule.GroupName, schedule.Name, definition, now, schedule.Created);
        }
        return due.Count;
    }
}
