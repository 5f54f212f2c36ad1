using System.Collections.Concurrent;
using Platform.Emulators.Topics.Engine;
using Platform.Triggers.Pollers;

namespace Platform.Triggers.Sources.Sns;

/// <summary>
/// Settles the outbox's published notifications: for each, every subscription that existed at
/// publish time and whose FilterPolicy matches gets it through its protocol's channel (SQS queue,
/// function async queue), and HTTP/S ones get an HTTP-lane row; the notification leaves the outbox
/// only after all of that is durable, in the commit that adds the HTTP rows. A crash in between
/// delivers again (at least once). Notifications of standard topics are settled concurrently (one
/// group commit carries many); a FIFO topic's in publish order, so FIFO queues see its order.
/// </summary>
public sealed class SnsFanoutPoller(ITopicDeliveryFeed feed, IEnumerable<ISnsSubscriptionChannel> channels, SnsDeadLetters deadLetters, TimeProvider time)
    : IPoller
{
    private const int BatchSize = 256;
    private readonly Dictionary<string, ISnsSubscriptionChannel> _channels = channels.ToDictionary(c => c.Protocol, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Policy, string Scope), SnsFilterPolicy> _filters = new();
    private long _seen;

    public string Name => "sns:fanout";

    public async Task<PollResult> PollOnceAsync(CancellationToken cancellationToken)
    {
        _seen = feed.Changed.Version;
        var rows = feed.ReadFanout(BatchSize);
        if (rows.Count == 0)
            return PollResult.Idle;
        var chains = rows.GroupBy(r => r.TopicArn.EndsWith(".fifo", StringComparison.Ordinal) ? r.TopicArn : r.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Task.WhenAll(chains.Select(async chain =>
        {
            foreach (var row in chain)
                await SettleAsync(row, cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);
        return PollResult.DidWork;
    }

    public Task WaitForWorkAsync(CancellationToken cancellationToken) =>
        feed.Changed.WaitAsync(_seen, Timeout.InfiniteTimeSpan, time, cancellationToken);

    private async Task SettleAsync(PublishedMessage message, CancellationToken cancellationToken)
    {
        var http = new List<string>();
        var deliveries = new List<Task>();
        foreach (var subscription in feed.SubscriptionsOf(message.TopicArn, message.Sequence))
        {
            if (!Matches(subscription, message))
                continue;
            if (subscription.Protocol is "http" or "https")
                http.Add(subscription.Arn);
            else if (_channels.TryGetValue(subscription.Protocol, out var channel))
                deliveries.Add(DeliverAsync(channel, subscription, message, cancellationToken));
        }

        await Task.WhenAll(deliveries).ConfigureAwait(false);
        await feed.CompleteFanoutAsync(message.Sequence, http, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeliverAsync(ISnsSubscriptionChannel channel, Subscription subscription, PublishedMessage message, CancellationToken cancellationToken)
    {
        var outcome = await channel.DeliverAsync(subscription, message, cancellationToken).ConfigureAwait(false);
        if (!outcome.Delivered)
            await deadLetters.SendAsync(subscription, message, outcome.Error!, cancellationToken).ConfigureAwait(false);
    }

    private bool Matches(Subscription subscription, PublishedMessage message)
    {
        if (subscription.FilterPolicy is not { Length: > 0 } policy)
            return true;
        var filter = _filters.GetOrAdd((policy, subscription.FilterPolicyScope), key => SnsFilterPolicy.Compile(key.Policy, key.Scope));
        return filter.Matches(SnsMessageFormat.MessageFor(message, subscription.Protocol), message.MessageAttributes);
    }
}
