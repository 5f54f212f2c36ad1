namespace Platform.Triggers.Checkpoints;

/// <param name="SequenceNumber">The last record processed (handed to the function with an outcome,
/// filtered out, or given up); null means nothing yet: read from the oldest retained record.</param>
/// <param name="Ended">The shard is closed and every record of it was processed: its children may run.</param>
public sealed record ShardCheckpoint(string ShardId, string? SequenceNumber, bool Ended);
