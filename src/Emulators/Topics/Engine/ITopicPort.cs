namespace Platform.Emulators.Topics.Engine;

/// <summary>
/// Publishes to a topic as the Publish action does, for the platform's own producers (S3's
/// TopicConfigurations, Lambda destinations, EventBridge targets): returns once the message is durable
/// in the topic's outbox, so the caller may acknowledge its own source then. A missing topic throws
/// <see cref="TopicException"/> NotFound, a bad message its Publish error.
/// </summary>
public interface ITopicPort
{
    Task<PublishResult> PublishAsync(string topicArn, PublishRequest request, CancellationToken cancellationToken);

    bool TopicExists(string topicArn);
}
