namespace Platform.Emulators.Events.Schedules;

/// <summary>
/// AWS's six-field cron (<c>minutes hours day-of-month month day-of-week year</c>), evaluated in
/// wall-clock time of a time zone. Around daylight-saving changes it does what EventBridge
/// Scheduler documents: a time the spring-forward gap skips does not fire, and a time the fall-back
/// repeats fires once (at its first occurrence).
/// </summary>
public sealed class CronExpression
{
    private const int MaxYear = 2199;

    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _months;
    private readonly bool[] _years;
    private readonly CronDayRule _days;

    private CronExpression(bool[] minutes, bool[] hours, bool[] months, bool[] years, CronDayRule days)
    {
        (_minutes, _hours, _months, _years, _days) = (minutes, hours, months, years, days);
    }

    /// <summary>Parses the text inside <c>cron(…)</c>.</summary>
    /// <exception cref="FormatException">Why the expression is invalid.</exception>
    public static CronExpression Parse(string fields)
    {
        var parts = fields.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6)
            throw new FormatException($"a cron expression has six fields (minutes hours day-of-month month day-of-week year); found {parts.Length}");
        return new CronExpression(
            CronField.Parse(parts[0], 0, 59),
            CronField.Parse(parts[1], 0, 23),
            CronField.Parse(parts[3], 1, 12, CronNames.Months),
            CronField.Parse(parts[5], 1970, MaxYear),
            CronDayRule.Parse(parts[2], parts[4]));
    }

    /// <summary>The first fire time strictly after <paramref name="after"/>, or null when there is none
    /// before the year 2200.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var start = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
        for (var day = DateOnly.FromDateTime(start); day.Year <= MaxYear; day = day.AddDays(1))
        {
            if (!_years[day.Year] || !_months[day.Month] || !_days.Matches(day))
                continue;
            for (var hour = 0; hour < 24; hour++)
            {
                if (!_hours[hour])
                    continue;
                for (var minute = 0; minute < 60; minute++)
                {
                    if (!_minutes[minute])
                        continue;
                    var candidate = day.ToDateTime(new TimeOnly(hour, minute));
                    if (candidate < start || zone.IsInvalidTime(candidate))
                        continue;
                    var utc = FirstOccurrence(candidate, zone);
                    if (utc > after)
                        return utc;
                }
            }
        }
        return null;
    }

    /// <summary>A wall-clock time the fall-back repeats maps to its earlier instant.</summary>
    private static DateTimeOffset FirstOccurrence(DateTime local, TimeZoneInfo zone)
    {
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
