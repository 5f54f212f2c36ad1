namespace Platform.Emulators.Queues.Engine;

public sealed partial class QueueEngine
{
    /// <summary>
    /// Makes every in-flight message of the queue visible now and invalidates its receipt handle.
    /// For a queue whose only consumer is this process (the platform's internal async-invocation
    /// queues): after a crash, nothing received before it can still be running, so its events are
    /// redelivered at once instead of after their visibility timeout. The crashed attempt still
    /// counts in ApproximateReceiveCount, as it does in Lambda.
    /// </summary>
    /// <returns>How many messages were released.</returns>
    public async Task<int> ReleaseInFlightMessagesAsync(string queueName, CancellationToken cancellationToken = default)
    {
        var queue = GetQueue(queueName);
        var now = NowMs;
        var released = await _database.WriteAsync(connection =>
        {
            var release = _commands.Get(connection, """
                UPDATE sqs_messages SET visible_ms = $now, receipt = 0
                WHERE queue_id = $queue AND receive_count > 0 AND visible_ms > $now
                """);
            release.Set("$now", now);
            release.Set("$queue", queue.Id);
            return release.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        if (released > 0)
            Signal(queue.Id).Notify();
        return released;
    }
}
