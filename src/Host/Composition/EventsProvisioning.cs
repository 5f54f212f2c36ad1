using System.Buffers;
using System.Text;
using System.Text.Json;
using Platform.Emulators.Events.Engine;
using Platform.Host.Configuration;

namespace Platform.Host.Composition;

/// <summary>
/// Puts platform.yaml's rules (with their targets) and schedules into the EventBridge engine, through
/// the same validation as PutRule, PutTargets and CreateSchedule: a bad pattern or cron expression is a
/// config error at its line. A put replaces what the file changed; rules and schedules that left the
/// file stay until deleted through the API (see docs/events.md).
/// </summary>
internal static class EventsProvisioning
{
    public delegate Task Provisioner(PlatformConfig next, int line, string what, Func<Task> action);

    public static async Task ApplyAsync(EventEngine events, PlatformConfig next, Provisioner provision, CancellationToken cancellationToken)
    {
        foreach (var rule in next.Rules)
        {
            await provision(next, rule.Line, $"rule '{rule.Name}'", async () =>
            {
                await events.PutRuleAsync(new PutRuleRequest
                {
                    Name = rule.Name, EventBusName = rule.Bus, EventPattern = rule.Pattern, ScheduleExpression = rule.Schedule,
                }, cancellationToken);
                if (rule.Targets.Count == 0)
                    return;
                using var targets = JsonDocument.Parse(Json(writer =>
                {
                    writer.WriteStartArray();
                    foreach (var target in rule.Targets)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("Id", target.Id);
                        writer.WriteString("Arn", target.Arn);
                        if (target.Input is not null)
                            writer.WriteString("Input", target.Input);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                }));
                await events.PutTargetsAsync(rule.Bus, rule.Name, [.. targets.RootElement.EnumerateArray()], cancellationToken);
            });
        }

        foreach (var schedule in next.Schedules)
        {
            await provision(next, schedule.Line, $"schedule '{schedule.Name}'", async () =>
            {
                using var body = JsonDocument.Parse(Json(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("ScheduleExpression", schedule.Expression);
                    if (schedule.Timezone is not null)
                        writer.WriteString("ScheduleExpressionTimezone", schedule.Timezone);
                    writer.WriteStartObject("FlexibleTimeWindow");
                    writer.WriteString("Mode", "OFF");
                    writer.WriteEndObject();
                    writer.WriteStartObject("Target");
                    writer.WriteString("Arn", schedule.TargetArn);
                    // Scheduler requires a role; nothing here checks it.
                    writer.WriteString("RoleArn", $"arn:aws:iam::{next.AccountId}:role/platform-yaml");
                    if (schedule.Input is not null)
                        writer.WriteString("Input", schedule.Input);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }));
                var exists = events.ListSchedules(schedule.Group ?? EventEngine.DefaultBus, schedule.Name, null, null, null).Schedules
                    .Any(s => s.Name == schedule.Name);
                if (exists)
                    await events.UpdateScheduleAsync(schedule.Name, schedule.Group, body.RootElement, cancellationToken);
                else
                    await events.CreateScheduleAsync(schedule.Name, schedule.Group, body.RootElement, cancellationToken);
            });
        }
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
