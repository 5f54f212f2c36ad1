namespace Platform.Emulators.Queues.Engine;

/// <summary>One receive attempt: what it took, when the next message becomes visible (to wake a
/// long poll exactly then), and which dead-letter queues got messages (to wake their receivers).</summary>
internal sealed record ReceiveOutcome(
    IReadOnlyList<ReceivedMessage> Messages,
    long? NextVisibleMs,
    IReadOnlyCollection<long> RedrivenTo);
