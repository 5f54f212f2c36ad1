namespace Platform.Triggers;

/// <summary>Settings of the trigger module. The defaults suit local development; every timing that
/// AWS fixes differently says so.</summary>
public sealed record TriggerOptions
{
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "000000000000";

    /// <summary>How long an async-queue receive waits for a message (SQS long polling's maximum).</summary>
    public TimeSpan AsyncReceiveWaitTime { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long an event source mapping's receive waits for the first message of a batch
    /// (SQS long polling's maximum); a send wakes it at once.</summary>
    public TimeSpan QueueReceiveWaitTime { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Added to the function's timeout for the dispatch request, so a function that hits its
    /// own timeout is reported by the runtime (TimedOut) before the request itself gives up.</summary>
    public TimeSpan InvokeTimeoutMargin { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Added on top of timeout + <see cref="InvokeTimeoutMargin"/> to the async message's
    /// visibility timeout: a crashed invocation's event reappears after this, never while it runs.</summary>
    public TimeSpan AsyncVisibilityMargin { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many journal entries a storage poller reads per poll.</summary>
    public int StorageBatchSize { get; init; } = 256;

    /// <summary>How often the journal is trimmed to the slowest binding's cursor.</summary>
    public TimeSpan JournalTrimInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>First delay after a failing poll; doubles per consecutive failure.</summary>
    public TimeSpan PollErrorBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap of the error backoff.</summary>
    public TimeSpan MaxPollErrorBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many recent invocations the invocation log keeps.</summary>
    public int InvocationLogCapacity { get; init; } = 1000;
}
