using System.Globalization;

namespace Platform.Emulators.Events.Schedules;

/// <summary>
/// A schedule as EventBridge and EventBridge Scheduler write it: <c>rate(5 minutes)</c>,
/// <c>cron(0 2 * * ? *)</c> or (Scheduler only) <c>at(2026-12-24T18:00:00)</c>. Rates count from an
/// anchor (the rule's creation, the schedule's StartDate); cron and at read wall-clock time in a zone.
/// </summary>
public sealed class ScheduleExpression
{
    private readonly CronExpression? _cron;
    private readonly TimeSpan _rate;
    private readonly DateTime _at;

    private ScheduleExpression(string text, CronExpression? cron, TimeSpan rate, DateTime at)
    {
        (Text, _cron, _rate, _at) = (text, cron, rate, at);
    }

    public string Text { get; }

    /// <summary>An <c>at()</c> schedule fires once.</summary>
    public bool IsOneTime => _cron is null && _rate == TimeSpan.Zero;

    public bool IsRate => _rate > TimeSpan.Zero;

    /// <summary>A rate's period; zero for cron and at.</summary>
    public TimeSpan RatePeriod => _rate;

    /// <exception cref="FormatException">Why the expression is not one AWS accepts.</exception>
    public static ScheduleExpression Parse(string text, bool allowAt)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("cron(", StringComparison.Ordinal) && text.EndsWith(')'))
            return new ScheduleExpression(text, CronExpression.Parse(text[5..^1]), TimeSpan.Zero, default);
        if (text.StartsWith("rate(", StringComparison.Ordinal) && text.EndsWith(')'))
            return new ScheduleExpression(text, null, ParseRate(text[5..^1]), default);
        if (allowAt && text.StartsWith("at(", StringComparison.Ordinal) && text.EndsWith(')') &&
            DateTime.TryParseExact(text[3..^1], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            return new ScheduleExpression(text, null, TimeSpan.Zero, at);
        throw new FormatException(allowAt
            ? "a schedule expression is at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields)"
            : "a schedule expression is rate(value unit) or cron(fields)");
    }

    /// <summary>AWS's rule: a value of 1 takes the singular unit, anything above the plural.</summary>
    private static TimeSpan ParseRate(string body)
    {
        var parts = body.Split(' ');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            throw new FormatException("a rate is rate(value unit) with a positive whole value");
        var unit = parts[1];
        var singular = value == 1;
        return unit switch
        {
            "minute" when singular => TimeSpan.FromMinutes(1),
            "minutes" when !singular => TimeSpan.FromMinutes(value),
            "hour" when singular => TimeSpan.FromHours(1),
            "hours" when !singular => TimeSpan.FromHours(value),
            "day" when singular => TimeSpan.FromDays(1),
            "days" when !singular => TimeSpan.FromDays(value),
            _ => throw new FormatException($"the unit \"{unit}\" is not minute(s), hour(s) or day(s) in the right number for {value}"),
        };
    }

    /// <summary>The first fire time strictly after <paramref name="after"/>, or null when it never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after, DateTimeOffset anchor, TimeZoneInfo zone)
    {
        if (_cron is not null)
            return _cron.NextAfter(after, zone);
        if (_rate > TimeSpan.Zero)
        {
            if (after < anchor)
                return anchor;
            var periods = (after - anchor).Ticks / _rate.Ticks + 1;
            return anchor + TimeSpan.FromTicks(_rate.Ticks * periods);
        }
        if (zone.IsInvalidTime(_at))
            return null;
        var utc = new DateTimeOffset(_at, zone.GetUtcOffset(_at)).ToUniversalTime();
        return utc > after ? utc : null;
    }

    public override string ToString() => Text;
}
