using Platform.Emulators.Topics.Engine;
using Platform.Triggers.Sources.Async;
using Platform.Triggers.Sources.S3;

namespace Platform.Triggers.Sources.Sns;

/// <summary>SNS → Lambda is an asynchronous invocation: the <see cref="SnsLambdaEvent"/> goes on the
/// function's async queue, and from there Lambda's retries, event age and destinations apply
/// (<c>Sources/Async</c>). A function that does not exist is SNS's client-side error.</summary>
public sealed class LambdaSubscriptionChannel(AsyncInvocationQueue queue, IFunctionCatalog catalog, ITopicDeliveryFeed feed) : ISnsSubscriptionChannel
{
    public string Protocol => "lambda";

    public async Task<SnsDeliveryOutcome> DeliverAsync(Subscription subscription, PublishedMessage message, CancellationToken cancellationToken)
    {
        if (!FunctionArn.TryParseName(subscription.Endpoint, out var function) || !catalog.Functions.Any(f => f.Name == function))
            return SnsDeliveryOutcome.Rejected($"Function not found: {subscription.Endpoint}");
        await queue.EnsureExistsAsync(function, cancellationToken).ConfigureAwait(false);
        await queue.EnqueueAsync(function, new AsyncEvent
        {
            RequestId = Guid.NewGuid().ToString(),
            Payload = SnsLambdaEvent.Build(feed.Options, message, subscription.Arn),
            Trigger = "sns:" + message.TopicArn[(message.TopicArn.LastIndexOf(':') + 1)..],
        }, cancellationToken).ConfigureAwait(false);
        return SnsDeliveryOutcome.Success;
    }
}
