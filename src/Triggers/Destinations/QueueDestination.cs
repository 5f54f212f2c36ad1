using Platform.Emulators.Queues.Engine;
using Platform.Triggers.Failures;

namespace Platform.Triggers.Destinations;

/// <summary>An SQS queue: the record is the message body.</summary>
internal sealed class QueueDestination(DestinationArn arn, IQueuePort queues) : IDestination
{
    public DestinationArn Arn => arn;

    public bool Exists() => queues.QueueExists(arn.Name);

    public Task SendAsync(DestinationRecord record, CancellationToken cancellationToken) =>
        queues.SendMessageAsync(arn.Name, new OutgoingMessage { Body = DestinationRecordBuilder.Build(record) }, cancellationToken);
}
