namespace Platform.Emulators.Events.Engine;

/// <summary>One matched delivery waiting in the outbox: committed with the event that caused it,
/// removed only once the target (or the dead-letter queue) has it.</summary>
public sealed record OutboxEntry
{
    public required long Id { get; init; }
    public required DeliveryTarget Target { get; init; }

    /// <summary>What the target receives (the event, or its Input / InputPath / InputTransformer rendering).</summary>
    public required string Payload { get; init; }
    public required string EventId { get; init; }

    /// <summary>The rule or schedule ARN that matched.</summary>
    public required string SourceArn { get; init; }
    public required DateTimeOffset Created { get; init; }

    /// <summary>Failed attempts so far.</summary>
    public required int Attempts { get; init; }
}
