using Platform.Emulators.State;

namespace Platform.Emulators.Events.Engine;

/// <summary>
/// The delivery side of the event engine, for the worker in <c>Triggers/Sources/EventBridge</c>:
/// due outbox rows, their settlement, and the schedules that come due. Every method that changes
/// state returns once its commit is done.
/// </summary>
public interface IEventOutbox
{
    /// <summary>Fires whenever a delivery or a schedule is added or changed.</summary>
    ChangeSignal Changed { get; }

    /// <summary>Up to <paramref name="limit"/> deliveries due at <paramref name="now"/>, oldest first.</summary>
    IReadOnlyList<OutboxEntry> ReadDue(DateTimeOffset now, int limit);

    /// <summary>The earliest time something (a retry or a schedule) comes due, or null when nothing is waiting.</summary>
    DateTimeOffset? NextDue();

    /// <summary>The target (or the dead-letter queue) has it: it never comes back.</summary>
    Task CompleteAsync(long id, CancellationToken cancellationToken);

    /// <summary>A failed attempt: it comes back at <paramref name="due"/>.</summary>
    Task RetryAtAsync(long id, int attempts, DateTimeOffset due, CancellationToken cancellationToken);

    /// <summary>Fires every rule and schedule due at <paramref name="now"/> — their deliveries join the
    /// outbox and their next fire time is stored in the same commit — and returns how many fired.</summary>
    Task<int> FireDueSchedulesAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
