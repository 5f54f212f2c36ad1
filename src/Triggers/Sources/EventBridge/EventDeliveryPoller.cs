using System.Globalization;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Events.Engine;
using Platform.Emulators.Queues.Engine;
using Platform.Triggers.Pollers;

namespace Platform.Triggers.Sources.EventBridge;

/// <summary>
/// The one EventBridge delivery step: fire the schedules that are due, then hand every due outbox
/// delivery to its target's channel. A delivery leaves the outbox only after the target (or the
/// dead-letter queue) has it, so a crash anywhere redelivers rather than loses. Idle, it sleeps
/// until the outbox changes or the next retry or schedule comes due — on the injected clock.
/// </summary>
public sealed partial class EventDeliveryPoller(
    IEventOutbox outbox,
    IEnumerable<IEventTargetChannel> channels,
    IQueuePort queues,
    EventsOptions options,
    TimeProvider time,
    ILogger<EventDeliveryPoller> logger) : IPoller
{
    private const int BatchSize = 64;

    private readonly Dictionary<string, IEventTargetChannel> _channels =
        channels.GroupBy(c => c.Service, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    private long _seenVersion;

    public string Name => "events:delivery";

    public async Task<PollResult> PollOnceAsync(CancellationToken cancellationToken)
    {
        _seenVersion = outbox.Changed.Version;
        var now = time.GetUtcNow();
        var fired = await outbox.FireDueSchedulesAsync(now, cancellationToken).ConfigureAwait(false);
        var due = outbox.ReadDue(now, BatchSize);
        await Task.WhenAll(due.Select(d => DeliverAsync(d, cancellationToken))).ConfigureAwait(false);
        return fired > 0 || due.Count > 0 ? PollResult.DidWork : PollResult.Idle;
    }

    public async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        var next = outbox.NextDue();
        var wait = next is { } due ? due - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        if (next is not null && wait <= TimeSpan.Zero)
            return;
        await outbox.Changed.WaitAsync(_seenVersion, wait, time, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeliverAsync(OutboxEntry delivery, CancellationToken cancellationToken)
    {
        string code, message;
        try
        {
            if (!_channels.TryGetValue(delivery.Target.Service, out var channel))
                throw new EventDeliveryException("UnsupportedTarget", $"Targets of service {delivery.Target.Service} are not supported by this emulator: {delivery.Target.Arn}");
            await channel.DeliverAsync(delivery, cancellationToken).ConfigureAwait(false);
            await outbox.CompleteAsync(delivery.Id, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (EventDeliveryException e)
        {
            (code, message) = (e.Code, e.Message);
        }
        catch (Exception e)
        {
            (code, message) = ("InternalException", e.Message);
        }

        var attempts = delivery.Attempts + 1;
        var (retryAt, giveUp) = DeliveryRetryPolicy.Decide(delivery, attempts, time.GetUtcNow(), options);
        if (retryAt is { } at)
        {
            LogRetry(logger, delivery.Target.Arn, delivery.SourceArn, attempts, code, message);
            await outbox.RetryAtAsync(delivery.Id, attempts, at, cancellationToken).ConfigureAwait(false);
            return;
        }
        await GiveUpAsync(delivery, attempts, giveUp!, code, message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>To the target's DeadLetterConfig queue with EventBridge's attributes, or dropped
    /// (logged) without one. If the dead-letter queue cannot take it, the delivery stays and is tried again.</summary>
    private async Task GiveUpAsync(OutboxEntry delivery, int attempts, string condition, string code, string message, CancellationToken cancellationToken)
    {
        if (delivery.Target.DeadLetterArn is { } dlq)
        {
            var attributes = delivery.Target.DeadLetterAttributes.ToDictionary(
                a => a.Key, a => new MessageAttributeValue { DataType = "String", StringValue = a.Value }, StringComparer.Ordinal);
            attributes["ERROR_CODE"] = new() { DataType = "String", StringValue = code };
            attributes["ERROR_MESSAGE"] = new() { DataType = "String", StringValue = message };
            attributes["EXHAUSTED_RETRY_CONDITION"] = new() { DataType = "String", StringValue = condition };
            attributes["RETRY_ATTEMPTS"] = new() { DataType = "Number", StringValue = (attempts - 1).ToString(CultureInfo.InvariantCulture) };
            try
            {
                await queues.SendMessageAsync(queues.ResolveQueueName(dlq),
                    new OutgoingMessage { Body = delivery.Payload, MessageAttributes = attributes }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogDeadLetterFailed(logger, dlq, delivery.Target.Arn, e.Message);
                await outbox.RetryAtAsync(delivery.Id, attempts, time.GetUtcNow() + options.RetryMaxDelay, cancellationToken).ConfigureAwait(false);
                return;
            }
            LogDeadLettered(logger, delivery.Target.Arn, dlq, condition);
        }
        else
            LogDropped(logger, delivery.Target.Arn, delivery.SourceArn, condition, code, message);
        await outbox.CompleteAsync(delivery.Id, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "EventBridge delivery to {Target} (from {Source}) failed, attempt {Attempt}: {Code}: {Error}")]
    private static partial void LogRetry(ILogger logger, string target, string source, int attempt, string code, string error);

    [LoggerMessage(EventId = 901, Level = LogLevel.Warning, Message = "EventBridge delivery to {Target} given up ({Condition}); sent to dead-letter queue {Queue}")]
    private static partial void LogDeadLettered(ILogger logger, string target, string queue, string condition);

    [LoggerMessage(EventId = 902, Level = LogLevel.Error, Message = "EventBridge delivery to {Target} (from {Source}) given up ({Condition}) and dropped: no DeadLetterConfig. Last error {Code}: {Error}")]
    private static partial void LogDropped(ILogger logger, string target, string source, string condition, string code, string error);

    [LoggerMessage(EventId = 903, Level = LogLevel.Warning, Message = "Dead-letter queue {Queue} of target {Target} refused the event: {Error}; trying again later")]
    private static partial void LogDeadLetterFailed(ILogger logger, string queue, string target, string error);
}
