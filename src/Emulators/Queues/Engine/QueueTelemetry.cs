using System.Diagnostics.Metrics;

namespace Platform.Emulators.Queues.Engine;

/// <summary>The queue engine's Meter: what only the engine sees. Costs a branch while nothing listens.</summary>
public static class QueueTelemetry
{
    public const string MeterName = "Platform.Queues";

    public static Meter Meter { get; } = new(MeterName);

    /// <summary>Tags: queue, dead_letter_queue — messages a RedrivePolicy moved on a receive past maxReceiveCount.</summary>
    public static Counter<long> DeadLetterMoves { get; } = Meter.CreateCounter<long>("platform.queue.dead_letter_moves",
        description: "Messages moved to a dead-letter queue by its source queue's redrive policy");
}
