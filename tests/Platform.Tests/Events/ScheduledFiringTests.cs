using System.Text.Json;

namespace Platform.Tests.Events;

/// <summary>Scheduled rules and Scheduler schedules on the manual clock: when they fire, what they
/// send, that the next fire time survives a restart, and that a schedule missed while nothing ran
/// fires once.</summary>
public sealed class ScheduledFiringTests
{
    private static JsonElement Body(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public async Task A_rate_rule_fires_each_period_with_the_Scheduled_Event_envelope()
    {
        await using var h = new EventsHarness();
        var queue = await h.CreateQueueAsync("ticks");
        await h.PutRuleAsync("every5", null, "rate(5 minutes)", $$$"""{"Id":"q","Arn":"{{{queue}}}"}""");

        h.Time.Advance(TimeSpan.FromMinutes(4));
        await h.DeliverAsync();
        Assert.Empty(await h.BodiesAsync("ticks"));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.DeliverAsync();

        var body = Body(Assert.Single(await h.BodiesAsync("ticks")));
        Assert.Equal("Scheduled Event", body.GetProperty("detail-type").GetString());
        Assert.Equal("aws.events", body.GetProperty("source").GetString());
        Assert.Equal("2026-11-22T05:35:28Z", body.GetProperty("time").GetString());
        Assert.Equal("arn:aws:events:us-east-1:000000000000:rule/every5", body.GetProperty("resources")[0].GetString());
        Assert.Equal("{}", body.GetProperty("detail").GetRawText());

        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.DeliverAsync();
        Assert.Single(await h.BodiesAsync("ticks"));
    }

    [Fact]
    public async Task A_cron_rule_fires_at_its_minute_in_UTC()
    {
        await using var h = new EventsHarness();
        var queue = await h.CreateQueueAsync("nightly");
        // The clock starts at 05:30:28 UTC; the rule fires at 06:00.
        await h.PutRuleAsync("nightly", null, "cron(0 6 * * ? *)", $$$"""{"Id":"q","Arn":"{{{queue}}}"}""");
        h.Time.Advance(TimeSpan.FromMinutes(29));
        await h.DeliverAsync();
        Assert.Empty(await h.BodiesAsync("nightly"));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.DeliverAsync();
        Assert.Equal("2026-11-22T06:00:00Z", Body(Assert.Single(await h.BodiesAsync("nightly"))).GetProperty("time").GetString());
    }

    [Fact]
    public async Task A_schedule_missed_while_down_fires_once_after_restart_and_keeps_its_phase()
    {
        await using var h = new EventsHarness();
        var queue = await h.CreateQueueAsync("ticks");
        await h.PutRuleAsync("every5", null, "rate(5 minutes)", $$$"""{"Id":"q","Arn":"{{{queue}}}"}""");

        await h.ReopenAsync();
        h.Time.Advance(TimeSpan.FromMinutes(62));
        await h.DeliverAsync();
        Assert.Single(await h.BodiesAsync("ticks"));

        // Next firing on the original 5-minute grid: 65 minutes after creation.
        h.Time.Advance(TimeSpan.FromMinutes(2));
        await h.DeliverAsync();
        Assert.Empty(await h.BodiesAsync("ticks"));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.DeliverAsync();
        Assert.Single(await h.BodiesAsync("ticks"));
    }

    [Fact]
    public async Task A_disabled_scheduled_rule_does_not_fire()
    {
        await using var h = new EventsHarness();
        var queue = await h.CreateQueueAsync("ticks");
        await h.PutRuleAsync("every1", null, "rate(1 minute)", $$$"""{"Id":"q","Arn":"{{{queue}}}"}""");
        await h.Engine.SetRuleStateAsync(null, "every1", enabled: false, default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.DeliverAsync();
        Assert.Empty(await h.BodiesAsync("ticks"));
    }

    [Fact]
    public async Task An_at_schedule_fires_its_input_once_and_deletes_itself_when_asked()
    {
        await using var h = new EventsHarness();
        var queue = await h.CreateQueueAsync("once");
        await h.Engine.CreateScheduleAsync("once", null, Body($$$"""
            {"ScheduleExpression":"at(2026-11-22T07:00:00)","ScheduleExpressionTimezone":"Europe/Berlin",
             "FlexibleTimeWindow":{"Mode":"OFF"},"ActionAfterCompletion":"DELETE",
             "Target":{"Arn":"{{{queue}}}","RoleArn":"arn:aws:iam::000000000000:role/s","Input":"{\"job\":42}"}}
            """), default);

        // 07:00 in Berlin (CET, +1) is 06:00 UTC.
        h.Time.Advance(TimeSpan.FromMinutes(29));
        await h.DeliverAsync();
        Assert.Empty(await h.BodiesAsync("once"));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.DeliverAsync();
        Assert.Equal("""{"job":42}""", Assert.Single(await h.BodiesAsync("once")));
        Assert.Empty(h.Engine.ListSchedules(null, null, null, null, null).Schedules);
    }

    [Fact]
    public async Task A_schedule_respects_its_end_date_and_its_flexible_window()
    {
        await using var h = new EventsHarness();
        var queue = await h.CreateQueueAsync("flex");
        var end = h.Time.GetUtcNow().AddMinutes(25).ToUnixTimeSeconds();
        await h.Engine.CreateScheduleAsync("flex", null, Body($$$"""
            {"ScheduleExpression":"rate(10 minutes)","FlexibleTimeWindow":{"Mode":"FLEXIBLE","MaximumWindowInMinutes":2},
             "EndDate":{{{end}}},"Target":{"Arn":"{{{queue}}}","RoleArn":"arn:aws:iam::000000000000:role/s"}}
            """), default);

        h.Time.Advance(TimeSpan.FromMinutes(9));
        await h.DeliverAsync();
        Assert.Empty(await h.BodiesAsync("flex"));
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.DeliverAsync();
        Assert.Equal("{}", Assert.Single(await h.BodiesAsync("flex")));
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.DeliverAsync();
        Assert.Single(await h.BodiesAsync("flex"));
        // The third firing (30 minutes) is after the EndDate.
        h.Time.Advance(TimeSpan.FromMinutes(20));
        await h.DeliverAsync();
        Assert.Empty(await h.BodiesAsync("flex"));
    }

    [Fact]
    public async Task A_schedule_before_its_start_date_waits_for_it()
    {
        await using var h = new EventsHarness();
        var queue = await h.CreateQueueAsync("later");
        var start = h.Time.GetUtcNow().AddHours(1).ToUnixTimeSeconds();
        await h.Engine.CreateScheduleAsync("later", null, Body($$$"""
            {"ScheduleExpression":"rate(1 minute)","FlexibleTimeWindow":{"Mode":"OFF"},"StartDate":{{{start}}},
             "Target":{"Arn":"{{{queue}}}","RoleArn":"arn:aws:iam::000000000000:role/s"}}
            """), default);
        h.Time.Advance(TimeSpan.FromMinutes(59));
        await h.DeliverAsync();
        Assert.Empty(await h.BodiesAsync("later"));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.DeliverAsync();
        Assert.Single(await h.BodiesAsync("later"));
    }
}
