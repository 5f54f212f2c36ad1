using Platform.Emulators.State;

namespace Platform.Triggers.Pollers;

/// <summary>
/// How "is every trigger caught up?" is answered from real state rather than from timing (the test
/// host's WaitUntilIdleAsync): each source counts what it has taken from its source and not yet
/// settled (<see cref="WorkInProgress"/>) and says what it still has to do
/// (<see cref="TriggerSupervisor.PendingWork"/>); <see cref="Settled"/> fires whenever a count
/// goes down, so a waiter rechecks exactly then.
/// </summary>
public sealed class TriggerActivity
{
    /// <summary>For sources built without one (unit tests): counts that nobody waits on.</summary>
    public static TriggerActivity Untracked { get; } = new();

    public ChangeSignal Settled { get; } = new();

    public WorkInProgress Track() => new(Settled);
}
