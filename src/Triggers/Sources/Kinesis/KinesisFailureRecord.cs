using Platform.Contracts.Dispatch;
using Platform.Emulators.Streams.Engine;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>Why a run of a shard's records was given up, for the on-failure destination.</summary>
public sealed record KinesisFailureRecord
{
    /// <summary>The last invocation's request id (a new one when the records were never invoked).</summary>
    public required string RequestId { get; init; }

    /// <summary>Unqualified, as in Lambda's stream failure records.</summary>
    public required string FunctionArn { get; init; }
    public required string Condition { get; init; }
    public required int ApproximateInvokeCount { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required string ShardId { get; init; }
    public required string StreamArn { get; init; }

    /// <summary>The records given up, in order (at least one).</summary>
    public required IReadOnlyList<StreamRecord> Records { get; init; }

    /// <summary>The last failed invocation, when there was one.</summary>
    public FunctionInvoked? LastFailure { get; init; }
}
