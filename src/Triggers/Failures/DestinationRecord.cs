using Platform.Contracts.Dispatch;

namespace Platform.Triggers.Failures;

/// <summary>What a destination record says: which event or records, why they were given up (or, for
/// an async event's on-success record, that it succeeded), and the last failure or the response. An async event carries its <see cref="RequestPayload"/>; a stream mapping's records
/// are described by <see cref="Batch"/> instead, never embedded.</summary>
public sealed record DestinationRecord
{
    public required string RequestId { get; init; }

    /// <summary>Async: qualified like Lambda's (<c>…:function:name:$LATEST</c>); streams: unqualified.</summary>
    public required string FunctionArn { get; init; }
    public required string Condition { get; init; }
    public required int ApproximateInvokeCount { get; init; }
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The original event JSON (async invocations).</summary>
    public string? RequestPayload { get; init; }

    /// <summary>The records given up (stream mappings).</summary>
    public StreamBatchInfo? Batch { get; init; }

    /// <summary>The last failed attempt, when known.</summary>
    public FunctionInvoked? LastFailure { get; init; }

    /// <summary>The successful invocation an on-success record (condition <c>Success</c>) reports.</summary>
    public FunctionInvoked? Success { get; init; }

    /// <summary>The mapping whose records these are (an S3 destination's object key).</summary>
    public string? MappingUuid { get; init; }

    /// <summary>The invocation's whole event (a stream batch's <c>{"Records":[…]}</c>), written as
    /// <c>payload</c> only to S3 destinations, as Lambda does; made only when one asks.</summary>
    public Func<string>? InvocationPayload { get; init; }

    /// <summary>The version that ran (responseContext.executedVersion).</summary>
    public string ExecutedVersion { get; init; } = "$LATEST";
}
