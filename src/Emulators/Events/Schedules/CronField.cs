using System.Globalization;

namespace Platform.Emulators.Events.Schedules;

/// <summary>One plain cron field (minutes, hours, month, year, or a day field without L/W/#):
/// <c>*</c>, values, names, <c>a-b</c> ranges, <c>,</c> lists and <c>/step</c> increments, as a set
/// of allowed values.</summary>
internal static class CronField
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static bool[] Parse(string text, int min, int max, CronNames names = CronNames.None)
    {
        var allowed = new bool[max + 1];
        foreach (var part in text.Split(','))
        {
            if (part.Length == 0)
                throw new FormatException($"empty list item in \"{text}\"");
            var (range, step) = SplitStep(part);
            int low, high;
            if (range == "*")
                (low, high) = (min, max);
            else if (range.Split('-') is [var from, var to])
                (low, high) = (Value(from, min, max, names), Value(to, min, max, names));
            else
            {
                low = Value(range, min, max, names);
                // "5/15" starts at 5 and steps to the end of the range, as Quartz reads it.
                high = step > 1 || part.Contains('/') ? max : low;
            }
            if (low > high)
                throw new FormatException($"range \"{range}\" runs backwards");
            for (var v = low; v <= high; v += step)
                allowed[v] = true;
        }
        return allowed;
    }

    private static (string Range, int Step) SplitStep(string part)
    {
        var slash = part.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
            return (part, 1);
        var stepText = part[(slash + 1)..];
        if (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1)
            throw new FormatException($"step \"{stepText}\" is not a positive number");
        return (part[..slash], step);
    }

    public static int Value(string text, int min, int max, CronNames names)
    {
        var index = names switch
        {
            CronNames.Months => Array.IndexOf(MonthNames, text.ToUpperInvariant()) + 1,
            CronNames.Days => Array.IndexOf(DayNames, text.ToUpperInvariant()) + 1,
            _ => 0,
        };
        if (index > 0)
            return index;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new FormatException($"\"{text}\" is not a value between {min} and {max}");
        return value;
    }
}

internal enum CronNames
{
    None,
    Months,
    Days,
}
