using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Queues.Api.Operations;

/// <summary>SQS's queue-level operations, protocol-neutral: both codecs call these with the same
/// request records and write the same response records.</summary>
internal sealed class QueueOperations(QueueEngine engine)
{
    public async Task<QueueUrlResponse> CreateQueueAsync(CreateQueueRequest request, ClientQueueUrls urls, CancellationToken cancellationToken)
    {
        var name = Require.Value(request.QueueName, "QueueName");
        var url = await engine.CreateQueueAsync(name, request.Attributes, request.Tags, cancellationToken).ConfigureAwait(false);
        return new QueueUrlResponse(urls.ForClient(url));
    }

    public QueueUrlResponse GetQueueUrl(GetQueueUrlRequest request, ClientQueueUrls urls)
    {
        var name = Require.Value(request.QueueName, "QueueName");
        if (request.QueueOwnerAWSAccountId is { } owner && owner != engine.Options.AccountId)
            throw QueueErrors.NonExistentQueue();
        return new QueueUrlResponse(urls.ForClient(engine.GetQueueUrl(name)));
    }

    public ListQueuesResponse ListQueues(ListQueuesRequest request, ClientQueueUrls urls)
    {
        var page = engine.ListQueues(string.IsNullOrEmpty(request.QueueNamePrefix) ? null : request.QueueNamePrefix,
            request.MaxResults, string.IsNullOrEmpty(request.NextToken) ? null : request.NextToken);
        return new ListQueuesResponse(urls.ForClient(page.QueueUrls), page.NextToken);
    }

    public async Task<EmptyResponse> DeleteQueueAsync(QueueRequest request, CancellationToken cancellationToken)
    {
        await engine.DeleteQueueAsync(Resolve(request.QueueUrl), cancellationToken).ConfigureAwait(false);
        return EmptyResponse.Instance;
    }

    public QueueAttributesResponse GetQueueAttributes(GetQueueAttributesRequest request)
    {
        var queue = Resolve(request.QueueUrl);
        // SQS answers a request naming no attributes with none.
        if (request.AttributeNames is not { Count: > 0 } names)
            return new QueueAttributesResponse(new Dictionary<string, string>());
        return new QueueAttributesResponse(engine.GetQueueAttributes(queue, names));
    }

    public async Task<EmptyResponse> SetQueueAttributesAsync(SetQueueAttributesRequest request, CancellationToken cancellationToken)
    {
        var queue = Resolve(request.QueueUrl);
        if (request.Attributes is not { Count: > 0 } attributes)
            throw QueueErrors.MissingParameter("Attribute.1.Name");
        await engine.SetQueueAttributesAsync(queue, attributes, cancellationToken).ConfigureAwait(false);
        return EmptyResponse.Instance;
    }

    public async Task<EmptyResponse> PurgeQueueAsync(QueueRequest request, CancellationToken cancellationToken)
    {
        await engine.PurgeQueueAsync(Resolve(request.QueueUrl), cancellationToken).ConfigureAwait(false);
        return EmptyResponse.Instance;
    }

    public ListDeadLetterSourceQueuesResponse ListDeadLetterSourceQueues(ListDeadLetterSourceQueuesRequest request, ClientQueueUrls urls)
    {
        var page = engine.ListDeadLetterSourceQueues(Resolve(request.QueueUrl), request.MaxResults,
            string.IsNullOrEmpty(request.NextToken) ? null : request.NextToken);
        return new ListDeadLetterSourceQueuesResponse(urls.ForClient(page.QueueUrls), page.NextToken);
    }

    public async Task<EmptyResponse> TagQueueAsync(TagQueueRequest request, CancellationToken cancellationToken)
    {
        var queue = Resolve(request.QueueUrl);
        if (request.Tags is not { Count: > 0 } tags)
            throw QueueErrors.MissingParameter("Tags");
        await engine.TagQueueAsync(queue, tags, cancellationToken).ConfigureAwait(false);
        return EmptyResponse.Instance;
    }

    public async Task<EmptyResponse> UntagQueueAsync(UntagQueueRequest request, CancellationToken cancellationToken)
    {
        var queue = Resolve(request.QueueUrl);
        if (request.TagKeys is not { Count: > 0 } keys)
            throw QueueErrors.MissingParameter("TagKeys");
        await engine.UntagQueueAsync(queue, keys, cancellationToken).ConfigureAwait(false);
        return EmptyResponse.Instance;
    }

    public QueueTagsResponse ListQueueTags(QueueRequest request) => new(engine.ListQueueTags(Resolve(request.QueueUrl)));

    private string Resolve(string? queueUrl) => engine.ResolveQueueName(Require.Value(queueUrl, "QueueUrl"));
}
