using Platform.Emulators.Edge;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Storage.Engine;
using Platform.Emulators.Topics.Engine;

namespace Platform.Triggers.Sources.S3;

/// <summary>Answers PutBucketNotificationConfiguration's questions about queue and topic destinations
/// from the queue and topic emulators, and sends them S3's <c>s3:TestEvent</c> — the storage emulator
/// knows neither (see <see cref="INotificationDestinations"/>).</summary>
public sealed class S3NotificationDestinations(IQueuePort queues, ITopicPort? topics = null) : INotificationDestinations
{
    public bool QueueExists(string queueArn) => S3NotificationTargets.TryResolveQueue(queues, queueArn) is not null;

    // S3 cannot notify FIFO topics (a FIFO topic's name ends in .fifo), as it cannot notify FIFO queues.
    public bool TopicExists(string topicArn) =>
        !topicArn.EndsWith(".fifo", StringComparison.Ordinal) && (topics?.TopicExists(topicArn) ?? false);

    public async Task SendTestEventAsync(NotificationEntry destination, string message, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(destination, message, cancellationToken).ConfigureAwait(false);
        }
        catch (EdgeException)
        {
            // The configuration is already stored: a destination deleted (or refusing) since its
            // validation loses only its test message, and the PUT still succeeds, as in S3.
        }
    }

    private async Task SendAsync(NotificationEntry destination, string message, CancellationToken cancellationToken)
    {
        switch (destination)
        {
            case QueueConfiguration queue when S3NotificationTargets.TryResolveQueue(queues, queue.QueueArn) is { } name:
                await queues.SendMessageAsync(name, new OutgoingMessage { Body = message }, cancellationToken).ConfigureAwait(false);
                break;
            case TopicConfiguration topic when topics is not null && topics.TopicExists(topic.TopicArn):
                await topics.PublishAsync(topic.TopicArn,
                    new PublishRequest { Message = message, Subject = S3NotificationTargets.TopicSubject }, cancellationToken).ConfigureAwait(false);
                break;
        }
    }
}
