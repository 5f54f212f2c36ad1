using Platform.Emulators.Queues.Engine;

namespace Platform.Tests.Queues;

public sealed class LongPollTests
{
    private static readonly ReceiveRequest Wait20 = new() { MaxNumberOfMessages = 10, WaitTime = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task A_long_poll_returns_as_soon_as_a_message_is_sent()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        var waiting = q.Engine.ReceiveMessagesAsync("jobs", Wait20);
        Assert.False(waiting.IsCompleted);

        await q.SendAsync("jobs", "now");

        Assert.Equal("now", Assert.Single(await waiting.WaitAsync(QueueTestContext.Patience)).Body);
    }

    [Fact]
    public async Task A_long_poll_returns_empty_when_the_wait_elapses()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        var waiting = q.Engine.ReceiveMessagesAsync("jobs", Wait20);

        q.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(waiting.IsCompleted);
        q.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(await waiting.WaitAsync(QueueTestContext.Patience));
    }

    [Fact]
    public async Task A_long_poll_wakes_when_an_in_flight_message_becomes_visible_again()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs", ("VisibilityTimeout", "5"));
        await q.SendAsync("jobs", "retry me");
        Assert.Single(await q.ReceiveAsync("jobs"));
        var waiting = q.Engine.ReceiveMessagesAsync("jobs", Wait20);

        q.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(waiting.IsCompleted);
        q.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, Assert.Single(await waiting.WaitAsync(QueueTestContext.Patience)).ApproximateReceiveCount);
    }

    [Fact]
    public async Task A_long_poll_wakes_when_a_delay_expires_and_when_visibility_is_released()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        var waiting = q.Engine.ReceiveMessagesAsync("jobs", Wait20);
        await q.Engine.SendMessageAsync("jobs", new OutgoingMessage { Body = "later", Delay = TimeSpan.FromSeconds(3) });
        q.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(waiting.IsCompleted);
        q.Time.Advance(TimeSpan.FromSeconds(1));
        var received = Assert.Single(await waiting.WaitAsync(QueueTestContext.Patience));

        var again = q.Engine.ReceiveMessagesAsync("jobs", Wait20);
        Assert.False(again.IsCompleted);
        await q.Engine.ChangeMessageVisibilityAsync("jobs", received.ReceiptHandle, TimeSpan.Zero);
        Assert.Single(await again.WaitAsync(QueueTestContext.Patience));
    }

    [Fact]
    public async Task A_long_poll_on_a_deleted_queue_returns_empty_and_cancellation_is_honoured()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        var waiting = q.Engine.ReceiveMessagesAsync("jobs", Wait20);
        await q.Engine.DeleteQueueAsync("jobs");
        Assert.Empty(await waiting.WaitAsync(QueueTestContext.Patience));

        await q.CreateQueueAsync("other");
        using var cancel = new CancellationTokenSource();
        var cancelled = q.Engine.ReceiveMessagesAsync("other", Wait20, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(QueueTestContext.Patience));
    }

    [Fact]
    public async Task The_api_request_uses_the_queue_wait_time_by_default()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs", ("ReceiveMessageWaitTimeSeconds", "20"));
        var request = q.Engine.CreateApiReceiveRequest("jobs");
        Assert.Equal(TimeSpan.FromSeconds(20), request.WaitTime);
        Assert.Equal(TimeSpan.Zero, q.Engine.CreateApiReceiveRequest("jobs", waitTimeSeconds: 0).WaitTime);
        Assert.Throws<QueueException>(() => q.Engine.CreateApiReceiveRequest("jobs", waitTimeSeconds: 21));
    }
}
