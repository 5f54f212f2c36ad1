namespace Platform.Emulators.Storage.Engine;

/// <summary>Lets PutBucketNotificationConfiguration validate queue and topic destinations and send
/// them S3's <c>s3:TestEvent</c>, without the storage emulator knowing the queue or topic emulators
/// (the host supplies it from the Triggers module, as it supplies <see cref="IFunctionDirectory"/>).</summary>
public interface INotificationDestinations
{
    bool QueueExists(string queueArn);

    bool TopicExists(string topicArn);

    /// <summary>Sends S3's test message to a queue or publishes it to a topic; a destination that
    /// vanished since validation is skipped (S3 does not fail the PUT for it).</summary>
    Task SendTestEventAsync(NotificationEntry destination, string message, CancellationToken cancellationToken);
}
