using Platform.Emulators.State;

namespace Platform.Tests.Triggers;

/// <summary>Waits on a change signal — never a sleep — until a condition holds.</summary>
internal static class Signals
{
    public static async Task WaitUntilAsync(ChangeSignal signal, Func<bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            // Remember the version before checking: a change in between wakes the wait.
            var seen = signal.Version;
            if (condition())
                return;
            await signal.WaitAsync(seen, System.Threading.Timeout.InfiniteTimeSpan, TimeProvider.System, deadline.Token);
        }
    }
}
