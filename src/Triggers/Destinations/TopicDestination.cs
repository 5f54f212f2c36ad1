using Platform.Emulators.Topics.Engine;
using Platform.Triggers.Failures;

namespace Platform.Triggers.Destinations;

/// <summary>An SNS topic: the record is the published message, fanned out to its subscriptions
/// once it is in the topic's outbox.</summary>
internal sealed class TopicDestination(DestinationArn arn, ITopicPort topics) : IDestination
{
    public DestinationArn Arn => arn;

    public bool Exists() => topics.TopicExists(arn.Name);

    public Task SendAsync(DestinationRecord record, CancellationToken cancellationToken) =>
        topics.PublishAsync(arn.Name, new PublishRequest { Message = DestinationRecordBuilder.Build(record) }, cancellationToken);
}
