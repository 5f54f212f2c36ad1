using Platform.Emulators.Events.Engine;
using Platform.Triggers.Sources.Async;
using Platform.Triggers.Sources.S3;

namespace Platform.Triggers.Sources.EventBridge;

/// <summary>A Lambda target is an asynchronous invocation, as EventBridge makes it: the delivery is
/// done once the event is on the function's async queue; retries of the function itself and its
/// on-failure destination are Lambda's (Sources/Async) from there.</summary>
public sealed class LambdaTargetChannel(AsyncInvocationQueue queue, IFunctionCatalog catalog) : IEventTargetChannel
{
    public string Service => "lambda";

    public async Task DeliverAsync(OutboxEntry delivery, CancellationToken cancellationToken)
    {
        var arn = delivery.Target.Arn;
        if (!FunctionArn.TryParseName(arn, out var name) || !catalog.Functions.Any(f => string.Equals(f.Name, name, StringComparison.Ordinal)))
            throw new EventDeliveryException("ResourceNotFoundException", $"Function not found: {arn}");
        await queue.EnsureExistsAsync(name, cancellationToken).ConfigureAwait(false);
        await queue.EnqueueAsync(name, new AsyncEvent
        {
            // One request id per event and target: a redelivery after a crash carries the same one.
            RequestId = DeliveryRequestId(delivery),
            Payload = delivery.Payload,
            Trigger = "events:" + delivery.SourceArn,
        }, cancellationToken).ConfigureAwait(false);
    }

    private static string DeliveryRequestId(OutboxEntry delivery) =>
        new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"{delivery.EventId}/{delivery.Id}"))).ToString();
}
