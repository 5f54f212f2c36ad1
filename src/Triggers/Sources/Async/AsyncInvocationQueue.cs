using System.Globalization;
using Platform.Contracts.Dispatch;
using Platform.Emulators.Queues.Engine;
using Platform.Triggers.Destinations;
using Platform.Triggers.Failures;

namespace Platform.Triggers.Sources.Async;

/// <summary>
/// Each function's internal async-invocation queue, Lambda's own event queue: a queue of the queue
/// engine (durable, visibility timeouts, receive counts) that the SQS API does not show.
/// </summary>
public sealed class AsyncInvocationQueue(IQueuePort queues, DestinationResolver? destinations = null)
{
    private FailureExecutor? _failures;

    public const string RequestIdAttribute = "Platform.RequestId";
    public const string TriggerAttribute = "Platform.Trigger";
    public const string ConfigurationIdAttribute = "Platform.ConfigurationId";

    // Lambda keeps async events up to 6 hours (MaximumEventAgeInSeconds' ceiling); the policy
    // decides about old events, so the queue must never expire them first.
    private static readonly Dictionary<string, string> QueueAttributes = new()
    {
        ["MessageRetentionPeriod"] = (14 * 24 * 3600).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The one place the internal queue's name is made (<c>platform:async:{function}</c>).</summary>
    public static string QueueName(string functionName) => QueueEngine.InternalQueueName(Purpose(functionName));

    private static string Purpose(string functionName) => "async:" + functionName;

    /// <summary>The queue engine these queues live in.</summary>
    public IQueuePort Port => queues;

    /// <summary>Settles a given-up or succeeded event: its destination record goes to its destination
    /// first. Made on first use: the resolver's function destinations hold an AsyncInvocationQueue too.</summary>
    public FailureExecutor Failures => _failures ??= new FailureExecutor(destinations ?? new DestinationResolver(queues));

    public async Task EnsureExistsAsync(string functionName, CancellationToken cancellationToken)
    {
        if (!queues.QueueExists(QueueName(functionName)))
            await queues.CreateInternalQueueAsync(Purpose(functionName), QueueAttributes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns once the event is durably on the queue.</summary>
    public Task<SentMessage> EnqueueAsync(string functionName, AsyncEvent asyncEvent, CancellationToken cancellationToken)
    {
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            [RequestIdAttribute] = new() { DataType = "String", StringValue = asyncEvent.RequestId },
            [TriggerAttribute] = new() { DataType = "String", StringValue = asyncEvent.Trigger },
        };
        if (asyncEvent.ConfigurationId is not null)
            attributes[ConfigurationIdAttribute] = new() { DataType = "String", StringValue = asyncEvent.ConfigurationId };

        return queues.SendMessageAsync(QueueName(functionName),
            new OutgoingMessage { Body = asyncEvent.Payload, MessageAttributes = attributes, Delay = TimeSpan.Zero },
            cancellationToken);
    }

    /// <summary>A given-up event to the function's DeadLetterConfig target (an SQS queue or an SNS
    /// topic) as Lambda sends it: the original payload as the body or message; RequestID, ErrorCode and
    /// ErrorMessage as message attributes. Returns once it is durably there (the queue, or the topic's
    /// outbox), so the caller may delete the event then.</summary>
    public async Task SendDeadLetterAsync(string target, AsyncEvent asyncEvent, FunctionInvoked? lastFailure, CancellationToken cancellationToken)
    {
        var message = DeadLetterMessage.Build(asyncEvent, lastFailure);
        var arn = DestinationArn.Parse(target);
        if (arn.Kind == DestinationKind.Topic)
        {
            var resolver = destinations ?? throw new DestinationException($"{target}: this platform host reaches no SNS topics.");
            await resolver.PublishAsync(arn, DeadLetterMessage.ToPublish(message), cancellationToken).ConfigureAwait(false);
            return;
        }

        await queues.SendMessageAsync(DestinationQueue.ResolveName(target), message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether an event is ready to be invoked now (not one waiting out a retry delay).</summary>
    public bool HasWaitingEvents(string functionName) => queues.HasVisibleMessages(QueueName(functionName));

    /// <summary>Receives up to <see cref="ReceiveRequest.MaxNumberOfMessages"/> events; long-polls.</summary>
    public Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(string functionName, ReceiveRequest request, CancellationToken cancellationToken) =>
        queues.ReceiveMessagesAsync(QueueName(functionName), request, cancellationToken);

    /// <summary>The event is settled (succeeded, recorded or discarded): it never comes back.</summary>
    public Task DeleteAsync(string functionName, string receiptHandle, CancellationToken cancellationToken) =>
        queues.DeleteMessageAsync(QueueName(functionName), receiptHandle, cancellationToken);

    /// <summary>The event comes back for its next attempt after <paramref name="delay"/>.</summary>
    public Task RetryAfterAsync(string functionName, string receiptHandle, TimeSpan delay, CancellationToken cancellationToken) =>
        queues.ChangeMessageVisibilityAsync(QueueName(functionName), receiptHandle, delay, cancellationToken);

    /// <summary>This process is the queue's only consumer: whatever a previous run had in flight
    /// died with it, so it is redelivered now rather than after the visibility timeout.</summary>
    public Task<int> ReleaseInFlightAsync(string functionName, CancellationToken cancellationToken) =>
        queues.ReleaseInFlightMessagesAsync(QueueName(functionName), cancellationToken);

    /// <summary>Reads an event back from a received message; a message someone put there without
    /// the platform's attributes still works (its message id becomes the request id).</summary>
    public static AsyncEvent ToEvent(ReceivedMessage message) => new()
    {
        RequestId = Attribute(message, RequestIdAttribute) ?? message.MessageId,
        Trigger = Attribute(message, TriggerAttribute) ?? "async",
        ConfigurationId = Attribute(message, ConfigurationIdAttribute),
        Payload = message.Body,
    };

    private static string? Attribute(ReceivedMessage message, string name) =>
        message.MessageAttributes.TryGetValue(name, out var value) ? value.StringValue : null;
}
