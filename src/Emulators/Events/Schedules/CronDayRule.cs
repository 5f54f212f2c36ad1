namespace Platform.Emulators.Events.Schedules;

/// <summary>The day-of-month and day-of-week fields of an AWS cron expression, which decide together
/// whether a date matches: exactly one of them is <c>?</c>. Day-of-month takes <c>L</c> (last day),
/// <c>LW</c> (last weekday) and <c>nW</c> (the weekday nearest day n, never leaving the month);
/// day-of-week (1 = SUN … 7 = SAT) takes <c>nL</c> (last such day of the month) and <c>n#k</c>
/// (the k-th such day).</summary>
internal sealed class CronDayRule
{
    private readonly Func<DateOnly, bool> _matches;

    private CronDayRule(Func<DateOnly, bool> matches) => _matches = matches;

    public bool Matches(DateOnly date) => _matches(date);

    public static CronDayRule Parse(string dayOfMonth, string dayOfWeek)
    {
        var domAny = dayOfMonth == "?";
        var dowAny = dayOfWeek == "?";
        if (domAny == dowAny)
            throw new FormatException("exactly one of day-of-month and day-of-week must be \"?\"");
        return domAny ? new CronDayRule(ParseDayOfWeek(dayOfWeek)) : new CronDayRule(ParseDayOfMonth(dayOfMonth));
    }

    private static Func<DateOnly, bool> ParseDayOfMonth(string text)
    {
        if (text == "L")
            return d => d.Day == DaysIn(d);
        if (text == "LW")
            return d => d == NearestWeekday(d.Year, d.Month, DaysIn(d));
        if (text.EndsWith('W'))
        {
            var day = CronField.Value(text[..^1], 1, 31, CronNames.None);
            return d => day <= DaysIn(d) && d == NearestWeekday(d.Year, d.Month, day);
        }
        var days = CronField.Parse(text, 1, 31);
        return d => days[d.Day];
    }

    private static Func<DateOnly, bool> ParseDayOfWeek(string text)
    {
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        if (hash > 0)
        {
            var weekday = CronField.Value(text[..hash], 1, 7, CronNames.Days);
            var nth = CronField.Value(text[(hash + 1)..], 1, 5, CronNames.None);
            return d => Weekday(d) == weekday && (d.Day - 1) / 7 + 1 == nth;
        }
        if (text.EndsWith('L'))
        {
            // "L" alone is the last day of the week (Saturday), as in Quartz.
            var weekday = text.Length == 1 ? 7 : CronField.Value(text[..^1], 1, 7, CronNames.Days);
            return d => Weekday(d) == weekday && d.Day + 7 > DaysIn(d);
        }
        var days = CronField.Parse(text, 1, 7, CronNames.Days);
        return d => days[Weekday(d)];
    }

    /// <summary>AWS numbers days 1 = Sunday … 7 = Saturday.</summary>
    private static int Weekday(DateOnly date) => (int)date.DayOfWeek + 1;

    private static int DaysIn(DateOnly date) => DateTime.DaysInMonth(date.Year, date.Month);

    private static DateOnly NearestWeekday(int year, int month, int day)
    {
        var date = new DateOnly(year, month, day);
        return date.DayOfWeek switch
        {
            DayOfWeek.Saturday => day == 1 ? date.AddDays(2) : date.AddDays(-1),
            DayOfWeek.Sunday => day == DateTime.DaysInMonth(year, month) ? date.AddDays(-2) : date.AddDays(1),
            _ => date,
        };
    }
}
