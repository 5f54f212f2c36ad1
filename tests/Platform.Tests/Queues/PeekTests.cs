namespace Platform.Tests.Queues;

/// <summary>A peek shows a queue's messages and their state without receiving them: receive counts,
/// visibility and receipt handles stay as they were, so a redrive count or a consumer is never disturbed.</summary>
public sealed class PeekTests
{
    [Fact]
    public async Task Peek_shows_visible_in_flight_and_delayed_messages_without_receiving_them()
    {
        await using var context = QueueTestContext.Create();
        await context.CreateQueueAsync("q", ("VisibilityTimeout", "30"));
        await context.SendAsync("q", "first");
        await context.SendAsync("q", "second");
        await context.Engine.SendMessageAsync("q", new() { Body = "later", Delay = TimeSpan.FromSeconds(60) });

        var received = Assert.Single(await context.ReceiveAsync("q", max: 1));
        var peeked = context.Engine.PeekMessages("q", 10);
        var again = context.Engine.PeekMessages("q", 10);

        Assert.Equal(["first", "second", "later"], peeked.Select(m => m.Body));
        Assert.Equal(["inFlight", "visible", "delayed"], peeked.Select(m => m.State));
        Assert.Equal([1, 0, 0], peeked.Select(m => m.ReceiveCount));
        Assert.Equal(peeked.Select(m => m.VisibleAt), again.Select(m => m.VisibleAt));
        Assert.Equal("first", received.Body);
        // The peek received nothing: the one visible message is still there for a consumer, with its first receive.
        var next = Assert.Single(await context.ReceiveAsync("q"));
        Assert.Equal("second", next.Body);
        Assert.Equal(1, next.ApproximateReceiveCount);
    }

    [Fact]
    public async Task Clear_deletes_every_message_without_purges_once_a_minute_limit()
    {
        await using var context = QueueTestContext.Create();
        await context.CreateQueueAsync("q");
        await context.SendAsync("q", "one");
        await context.Engine.PurgeQueueAsync("q");
        await context.SendAsync("q", "two");

        await context.Engine.ClearAsync("q");

        Assert.Empty(context.Engine.PeekMessages("q", 10));
        Assert.Equal((0L, 0L, 0L), context.Engine.CountMessages("q"));
    }
}
