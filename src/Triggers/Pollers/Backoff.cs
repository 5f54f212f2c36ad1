namespace Platform.Triggers.Pollers;

/// <summary>The one exponential backoff of the triggers: <c>first</c> after the first failure,
/// doubling per consecutive failure, capped.</summary>
public static class Backoff
{
    public static TimeSpan Exponential(TimeSpan first, TimeSpan max, int failures)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var delay = first * Math.Pow(2, exponent);
        return delay > max ? max : delay;
    }

    /// <summary>After a failing poll or a failing source read (<see cref="TriggerOptions.PollErrorBackoff"/>
    /// doubling up to <see cref="TriggerOptions.MaxPollErrorBackoff"/>).</summary>
    public static TimeSpan AfterPollFailure(TriggerOptions options, int failures) =>
        Exponential(options.PollErrorBackoff, options.MaxPollErrorBackoff, failures);
}
