using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Topics.Engine;
using Platform.Triggers.Pollers;

namespace Platform.Triggers.Sources.Sns;

/// <summary>
/// HTTP/S deliveries — notifications and SubscriptionConfirmations — with SNS's default delivery
/// policy: an attempt that times out (15 s), cannot connect, or answers 5xx or 429 is retried 3
/// times, 20 s apart; any other non-2xx answer is a client-side error and is not retried. A
/// delivery given up goes to the subscription's dead-letter queue. Attempts and due times live in
/// the outbox row, so a restart resumes them.
/// </summary>
public sealed partial class SnsHttpPoller(ITopicDeliveryFeed feed, SnsDeadLetters deadLetters, TimeProvider time, ILogger<SnsHttpPoller> logger)
    : IPoller, IDisposable
{
    private const int BatchSize = 16;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(15) };
    private long _seen;

    public string Name => "sns:http";

    public async Task<PollResult> PollOnceAsync(CancellationToken cancellationToken)
    {
        _seen = feed.Changed.Version;
        var rows = feed.ReadDueHttp(time.GetUtcNow(), BatchSize);
        if (rows.Count == 0)
            return PollResult.Idle;
        await Task.WhenAll(rows.Select(row => DeliverAsync(row, cancellationToken))).ConfigureAwait(false);
        return PollResult.DidWork;
    }

    public async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        var next = feed.NextHttpDue();
        var timeout = next is { } due ? due - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        if (timeout != Timeout.InfiniteTimeSpan && timeout <= TimeSpan.Zero)
            return;
        await feed.Changed.WaitAsync(_seen, timeout, time, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeliverAsync(PublishedMessage row, CancellationToken cancellationToken)
    {
        var subscription = row.SubscriptionArn is null ? null : feed.FindSubscription(row.SubscriptionArn);
        if (subscription is null)
        {
            await feed.CompleteHttpAsync(row.Sequence, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (status, error) = await PostAsync(subscription, row, cancellationToken).ConfigureAwait(false);
        if (status is >= 200 and < 300)
        {
            await feed.CompleteHttpAsync(row.Sequence, cancellationToken).ConfigureAwait(false);
            return;
        }

        var retryable = status is null or >= 500 or 429;
        if (retryable && row.Attempt < DeliveryPolicies.DefaultRetries)
        {
            LogRetry(logger, row.MessageId, subscription.Endpoint, error ?? $"HTTP {status}", row.Attempt + 1);
            await feed.RetryHttpAsync(row.Sequence, row.Attempt + 1, time.GetUtcNow() + DeliveryPolicies.DefaultDelay, cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        if (row.Type == "Notification")
            await deadLetters.SendAsync(subscription, row, error ?? $"HTTP {status}", cancellationToken).ConfigureAwait(false);
        await feed.CompleteHttpAsync(row.Sequence, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(int? Status, string? Error)> PostAsync(Subscription subscription, PublishedMessage row, CancellationToken cancellationToken)
    {
        var confirmation = row.Type == "SubscriptionConfirmation";
        var raw = !confirmation && subscription.RawMessageDelivery;
        var body = confirmation ? SnsMessageFormat.SubscriptionConfirmation(feed.Options, row)
            : raw ? SnsMessageFormat.MessageFor(row, subscription.Protocol)
            : SnsMessageFormat.Envelope(feed.Options, row, subscription.Protocol, subscription.Arn);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Endpoint)
        {
            Content = new StringContent(body, Encoding.UTF8, "text/plain"),
        };
        request.Headers.TryAddWithoutValidation("x-amz-sns-message-type", row.Type);
        request.Headers.TryAddWithoutValidation("x-amz-sns-message-id", row.MessageId);
        request.Headers.TryAddWithoutValidation("x-amz-sns-topic-arn", row.TopicArn);
        if (!confirmation)
            request.Headers.TryAddWithoutValidation("x-amz-sns-subscription-arn", subscription.Arn);
        if (raw)
            request.Headers.TryAddWithoutValidation("x-amz-sns-rawdelivery", "true");
        request.Headers.UserAgent.ParseAdd("Amazon Simple Notification Service Agent");
        try
        {
            using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return ((int)response.StatusCode, null);
        }
        catch (HttpRequestException error)
        {
            return (null, error.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ((int)HttpStatusCode.GatewayTimeout, "timed out after 15 s");
        }
    }

    public void Dispose() => _client.Dispose();

    [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "SNS message {MessageId} to {Endpoint} failed ({Error}); retry {Attempt} in 20 s")]
    private static partial void LogRetry(ILogger logger, string messageId, string endpoint, string error, int attempt);
}
