using Platform.Triggers.Failures;

namespace Platform.Triggers.Destinations;

/// <summary>
/// One destination of an invocation record — a queue, a topic, a function, an event bus or a
/// bucket — reached through its emulator's port. <see cref="SendAsync"/> returns only once the
/// record is durable there, so the caller may acknowledge its source afterwards; it throws when the
/// destination could not take it, and the source keeps the work.
/// </summary>
public interface IDestination
{
    DestinationArn Arn { get; }

    /// <summary>Whether the resource exists now (mapping validation; delivery checks again).</summary>
    bool Exists();

    Task SendAsync(DestinationRecord record, CancellationToken cancellationToken);
}
