using Platform.Emulators.Events.Engine;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Storage.Engine;
using Platform.Emulators.Topics.Engine;
using Platform.Triggers.Sources.Async;

namespace Platform.Triggers.Destinations;

/// <summary>
/// Turns a configured destination into the <see cref="IDestination"/> that reaches it, over the
/// emulators' ports. Every source and both outcomes (async on-success and on-failure, a stream
/// mapping's on-failure) send through here. A host without one of the services (a unit test's
/// queue-only harness) gets a <see cref="DestinationException"/> for that kind at delivery.
/// </summary>
public sealed class DestinationResolver(
    IQueuePort queues,
    ITopicPort? topics = null,
    IEventBusPort? buses = null,
    IObjectStorePort? objects = null,
    IFunctionCatalog? functions = null)
{
    private readonly AsyncInvocationQueue _asyncQueues = new(queues);

    public IDestination Resolve(string destination)
    {
        var arn = DestinationArn.Parse(destination);
        return arn.Kind switch
        {
            DestinationKind.Queue => new QueueDestination(arn, queues),
            DestinationKind.Topic => new TopicDestination(arn, topics ?? throw Unavailable(arn, "SNS")),
            DestinationKind.Function => new FunctionDestination(arn, _asyncQueues, functions ?? throw Unavailable(arn, "Lambda")),
            DestinationKind.EventBus => new EventBusDestination(arn, buses ?? throw Unavailable(arn, "EventBridge")),
            DestinationKind.Bucket => new BucketDestination(arn, objects ?? throw Unavailable(arn, "S3")),
            _ => throw new DestinationException($"Unsupported destination {destination}."),
        };
    }

    /// <summary>Publishes a message of the caller's own making (a function's dead-letter message, with
    /// its attributes) to a topic destination; returns once it is durable in the topic's outbox.</summary>
    public Task PublishAsync(DestinationArn arn, PublishRequest request, CancellationToken cancellationToken) =>
        (topics ?? throw Unavailable(arn, "SNS")).PublishAsync(arn.Name, request, cancellationToken);

    private static DestinationException Unavailable(DestinationArn arn, string service) =>
        new($"{arn.Value}: this platform host runs no {service} emulator.");
}
