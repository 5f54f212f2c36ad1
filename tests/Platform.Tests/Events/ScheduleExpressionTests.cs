using System.Globalization;
using Platform.Emulators.Events.Schedules;

namespace Platform.Tests.Events;

/// <summary>Next fire times of AWS's rate() and six-field cron() for a table of expressions, from a
/// fixed instant (Thursday 2026-01-01 00:00 UTC), and across daylight-saving changes in named zones.</summary>
public sealed class ScheduleExpressionTests
{
    private static readonly DateTimeOffset NewYear = At("2026-01-01T00:00:00Z");

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static DateTimeOffset? Next(string expression, DateTimeOffset after, string zone = "UTC") =>
        ScheduleExpression.Parse(expression, allowAt: true).NextAfter(after, after, TimeZoneInfo.FindSystemTimeZoneById(zone));

    [Theory]
    [InlineData("cron(0 2 * * ? *)", "2026-01-01T02:00:00Z")]
    [InlineData("cron(0/15 * * * ? *)", "2026-01-01T00:15:00Z")]
    [InlineData("cron(5-10/2 * * * ? *)", "2026-01-01T00:05:00Z")]
    [InlineData("cron(0 8,20 * * ? *)", "2026-01-01T08:00:00Z")]
    [InlineData("cron(0 10 ? * MON-FRI *)", "2026-01-01T10:00:00Z")]
    [InlineData("cron(0 10 ? * 1 *)", "2026-01-04T10:00:00Z")]
    [InlineData("cron(0 10 ? * SUN *)", "2026-01-04T10:00:00Z")]
    [InlineData("cron(0 12 L * ? *)", "2026-01-31T12:00:00Z")]
    [InlineData("cron(0 12 L 2 ? *)", "2026-02-28T12:00:00Z")]
    [InlineData("cron(0 12 L FEB ? 2028)", "2028-02-29T12:00:00Z")]
    [InlineData("cron(0 9 15W * ? *)", "2026-01-15T09:00:00Z")]
    [InlineData("cron(0 9 17W * ? *)", "2026-01-16T09:00:00Z")]
    [InlineData("cron(0 9 1W 2 ? *)", "2026-02-02T09:00:00Z")]
    [InlineData("cron(0 9 LW * ? *)", "2026-01-30T09:00:00Z")]
    [InlineData("cron(0 9 ? * 6#3 *)", "2026-01-16T09:00:00Z")]
    [InlineData("cron(0 18 ? * MON#1 *)", "2026-01-05T18:00:00Z")]
    [InlineData("cron(0 9 ? * 2L *)", "2026-01-26T09:00:00Z")]
    [InlineData("cron(30 8 1 1 ? 2027)", "2027-01-01T08:30:00Z")]
    [InlineData("cron(0 0 1 JAN,JUL ? *)", "2026-07-01T00:00:00Z")]
    [InlineData("cron(* * * * ? *)", "2026-01-01T00:01:00Z")]
    [InlineData("rate(5 minutes)", "2026-01-01T00:05:00Z")]
    [InlineData("rate(1 minute)", "2026-01-01T00:01:00Z")]
    [InlineData("rate(1 hour)", "2026-01-01T01:00:00Z")]
    [InlineData("rate(2 days)", "2026-01-03T00:00:00Z")]
    [InlineData("at(2026-06-01T12:00:00)", "2026-06-01T12:00:00Z")]
    public void Next_fire_time_after_new_year(string expression, string expected) =>
        Assert.Equal(At(expected), Next(expression, NewYear));

    [Theory]
    [InlineData("cron(0 0 1 1 ? 2025)")]
    [InlineData("at(2025-12-31T23:59:59)")]
    [InlineData("at(2026-01-01T00:00:00)")]
    public void Schedules_that_never_fire_again_have_no_next_time(string expression) =>
        Assert.Null(Next(expression, NewYear));

    [Fact]
    public void A_rate_keeps_its_phase_from_the_anchor()
    {
        var rate = ScheduleExpression.Parse("rate(5 minutes)", allowAt: false);
        var anchor = At("2026-01-01T00:03:00Z");
        Assert.Equal(At("2026-01-01T00:13:00Z"), rate.NextAfter(At("2026-01-01T00:10:00Z"), anchor, TimeZoneInfo.Utc));
        Assert.Equal(At("2026-01-01T00:08:00Z"), rate.NextAfter(At("2026-01-01T00:03:00Z"), anchor, TimeZoneInfo.Utc));
        Assert.Equal(anchor, rate.NextAfter(At("2026-01-01T00:00:00Z"), anchor, TimeZoneInfo.Utc));
    }

    [Theory]
    // New York springs forward on 2026-03-08 at 02:00: 02:30 does not exist that day and is skipped.
    [InlineData("cron(30 2 * * ? *)", "America/New_York", "2026-03-07T12:00:00Z", "2026-03-09T06:30:00Z")]
    [InlineData("cron(0 9 * * ? *)", "America/New_York", "2026-03-07T00:00:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("cron(0 9 * * ? *)", "America/New_York", "2026-03-08T00:00:00Z", "2026-03-08T13:00:00Z")]
    // New York falls back on 2026-11-01 at 02:00: 01:30 happens twice and fires once, the first time.
    [InlineData("cron(30 1 * * ? *)", "America/New_York", "2026-10-31T12:00:00Z", "2026-11-01T05:30:00Z")]
    [InlineData("cron(30 1 * * ? *)", "America/New_York", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z")]
    [InlineData("cron(30 1 * * ? *)", "America/New_York", "2026-11-01T06:00:00Z", "2026-11-02T06:30:00Z")]
    // Berlin: forward on 2026-03-29 (02:00 → 03:00), back on 2026-10-25 (03:00 → 02:00).
    [InlineData("cron(30 2 * * ? *)", "Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-30T00:30:00Z")]
    [InlineData("cron(30 2 * * ? *)", "Europe/Berlin", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z")]
    [InlineData("cron(30 2 * * ? *)", "Europe/Berlin", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z")]
    [InlineData("cron(0 12 ? * MON *)", "Europe/Berlin", "2026-03-28T00:00:00Z", "2026-03-30T10:00:00Z")]
    [InlineData("at(2026-07-01T09:00:00)", "Europe/Berlin", "2026-01-01T00:00:00Z", "2026-07-01T07:00:00Z")]
    public void Wall_clock_schedules_follow_daylight_saving(string expression, string zone, string after, string expected) =>
        Assert.Equal(At(expected), Next(expression, At(after), zone));

    [Theory]
    [InlineData("rate(1 minutes)")]
    [InlineData("rate(5 minute)")]
    [InlineData("rate(0 minutes)")]
    [InlineData("rate(-1 minutes)")]
    [InlineData("rate(5 weeks)")]
    [InlineData("rate(5)")]
    [InlineData("rate(five minutes)")]
    [InlineData("cron(0 2 * * * *)")]
    [InlineData("cron(0 2 ? * ? *)")]
    [InlineData("cron(0 2 * *)")]
    [InlineData("cron(0 2 * * ? * *)")]
    [InlineData("cron(60 * * * ? *)")]
    [InlineData("cron(0 24 * * ? *)")]
    [InlineData("cron(0 0 32 * ? *)")]
    [InlineData("cron(0 0 0 * ? *)")]
    [InlineData("cron(0 0 ? * 8 *)")]
    [InlineData("cron(0 0 ? * 6#6 *)")]
    [InlineData("cron(0 0 * 13 ? *)")]
    [InlineData("cron(0 0 * * ? 1969)")]
    [InlineData("cron(*/0 * * * ? *)")]
    [InlineData("cron(10-5 * * * ? *)")]
    [InlineData("cron(0 0 * FOO ? *)")]
    [InlineData("cron(0,,5 * * * ? *)")]
    [InlineData("at(2026-01-01)")]
    [InlineData("at(2026-01-01T25:00:00)")]
    [InlineData("every 5 minutes")]
    [InlineData("")]
    public void Invalid_expressions_are_refused(string expression) =>
        Assert.Throws<FormatException>(() => ScheduleExpression.Parse(expression, allowAt: true));

    [Fact]
    public void Rules_do_not_take_at() =>
        Assert.Throws<FormatException>(() => ScheduleExpression.Parse("at(2026-06-01T12:00:00)", allowAt: false));
}
