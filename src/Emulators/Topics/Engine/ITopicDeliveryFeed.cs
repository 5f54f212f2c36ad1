using Platform.Emulators.State;

namespace Platform.Emulators.Topics.Engine;

/// <summary>
/// What the triggers' SNS delivery worker uses of the topic engine, as Storage offers
/// <c>IStorageChangeFeed</c>: the durable outbox of published messages, the subscriptions a message
/// goes to, and the settling of outbox rows. A row leaves the outbox only once each of its
/// deliveries is durable elsewhere (an SQS message, a function's async queue, an HTTP-lane row) or
/// given up as SNS gives up (dead-letter queue or discarded).
/// </summary>
public interface ITopicDeliveryFeed
{
    TopicEngineOptions Options { get; }

    /// <summary>Fires after a commit added outbox rows.</summary>
    ChangeSignal Changed { get; }

    /// <summary>Published notifications waiting for fan-out, oldest first.</summary>
    IReadOnlyList<PublishedMessage> ReadFanout(int max);

    /// <summary>HTTP deliveries due at <paramref name="now"/>, oldest first.</summary>
    IReadOnlyList<PublishedMessage> ReadDueHttp(DateTimeOffset now, int max);

    /// <summary>When the next HTTP delivery not yet due is, or null when there is none.</summary>
    DateTimeOffset? NextHttpDue();

    /// <summary>The confirmed subscriptions of the topic that existed when the message at
    /// <paramref name="sequence"/> was published.</summary>
    IReadOnlyList<Subscription> SubscriptionsOf(string topicArn, long sequence);

    Subscription? FindSubscription(string subscriptionArn);

    /// <summary>Settles a fan-out row, adding its HTTP deliveries to the HTTP lane in the same commit.</summary>
    Task CompleteFanoutAsync(long sequence, IReadOnlyList<string> httpSubscriptionArns, CancellationToken cancellationToken);

    Task CompleteHttpAsync(long sequence, CancellationToken cancellationToken);

    Task RetryHttpAsync(long sequence, int attempt, DateTimeOffset due, CancellationToken cancellationToken);
}
