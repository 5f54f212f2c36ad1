using Platform.Emulators.Queues.Engine;

namespace Platform.Tests.Queues;

public sealed class FifoTests
{
    private static async Task<QueueTestContext> FifoAsync(params (string, string)[] extra)
    {
        var q = QueueTestContext.Create();
        await q.CreateQueueAsync("orders.fifo", [("FifoQueue", "true"), ("VisibilityTimeout", "30"), .. extra]);
        return q;
    }

    [Fact]
    public async Task Messages_of_a_group_come_in_order_with_increasing_sequence_numbers()
    {
        await using var q = await FifoAsync();
        var sent = new List<SentMessage>();
        for (var i = 0; i < 5; i++)
            sent.Add(await q.SendAsync("orders.fifo", "m" + i, group: "g", dedup: "d" + i));

        var received = await q.ReceiveAsync("orders.fifo");

        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], received.Select(m => m.Body));
        Assert.All(sent, s => Assert.Equal(20, s.SequenceNumber!.Length));
        Assert.Equal(sent.Select(s => s.SequenceNumber), sent.Select(s => s.SequenceNumber).Order(StringComparer.Ordinal));
        Assert.Equal(sent.Select(s => s.SequenceNumber), received.Select(m => m.SequenceNumber));
        Assert.All(received, m => Assert.Equal("g", m.MessageGroupId));
        Assert.Equal("d0", received[0].MessageDeduplicationId);
    }

    [Fact]
    public async Task A_group_with_an_in_flight_message_is_not_served_until_it_is_deleted_or_visible()
    {
        await using var q = await FifoAsync();
        await q.SendAsync("orders.fifo", "a1", group: "a", dedup: "1");
        await q.SendAsync("orders.fifo", "a2", group: "a", dedup: "2");
        await q.SendAsync("orders.fifo", "b1", group: "b", dedup: "3");

        var first = Assert.Single(await q.ReceiveAsync("orders.fifo", max: 1));
        Assert.Equal("a1", first.Body);
        Assert.Equal("b1", Assert.Single(await q.ReceiveAsync("orders.fifo")).Body);
        Assert.Empty(await q.ReceiveAsync("orders.fifo"));

        // A waiting receive wakes when the group's head is deleted.
        var waiting = q.Engine.ReceiveMessagesAsync("orders.fifo", new ReceiveRequest { WaitTime = TimeSpan.FromSeconds(20) });
        Assert.False(waiting.IsCompleted);
        await q.Engine.DeleteMessageAsync("orders.fifo", first.ReceiptHandle);
        Assert.Equal("a2", Assert.Single(await waiting.WaitAsync(QueueTestContext.Patience)).Body);
    }

    [Fact]
    public async Task A_group_is_retried_in_order_after_its_visibility_timeout()
    {
        await using var q = await FifoAsync();
        await q.SendAsync("orders.fifo", "a1", group: "a", dedup: "1");
        await q.SendAsync("orders.fifo", "a2", group: "a", dedup: "2");
        Assert.Equal(2, (await q.ReceiveAsync("orders.fifo")).Count);

        q.Time.Advance(TimeSpan.FromSeconds(30));
        var again = await q.ReceiveAsync("orders.fifo");
        Assert.Equal(["a1", "a2"], again.Select(m => m.Body));
        Assert.All(again, m => Assert.Equal(2, m.ApproximateReceiveCount));
    }

    [Fact]
    public async Task Duplicates_within_five_minutes_return_the_original_and_are_not_enqueued()
    {
        await using var q = await FifoAsync();
        var original = await q.SendAsync("orders.fifo", "one", group: "g", dedup: "same");
        q.Time.Advance(TimeSpan.FromMinutes(4));
        var duplicate = await q.SendAsync("orders.fifo", "one again", group: "g", dedup: "same");

        Assert.Equal(original.MessageId, duplicate.MessageId);
        Assert.Equal(original.SequenceNumber, duplicate.SequenceNumber);
        Assert.Equal("1", q.Attribute("orders.fifo", "ApproximateNumberOfMessages"));

        q.Time.Advance(TimeSpan.FromMinutes(1));
        var later = await q.SendAsync("orders.fifo", "after the window", group: "g", dedup: "same");
        Assert.NotEqual(original.MessageId, later.MessageId);
        Assert.Equal("2", q.Attribute("orders.fifo", "ApproximateNumberOfMessages"));
    }

    [Fact]
    public async Task Content_based_deduplication_hashes_the_body()
    {
        await using var q = await FifoAsync(("ContentBasedDeduplication", "true"));
        var first = await q.SendAsync("orders.fifo", "same body", group: "g");
        var second = await q.SendAsync("orders.fifo", "same body", group: "other");
        await q.SendAsync("orders.fifo", "different body", group: "g");

        Assert.Equal(first.MessageId, second.MessageId);
        var received = await q.ReceiveAsync("orders.fifo");
        Assert.Equal(2, received.Count);
        Assert.Equal(MessageDigest.Sha256OfBody("same body"), received[0].MessageDeduplicationId);
    }

    [Fact]
    public async Task Message_group_scope_deduplicates_per_group()
    {
        await using var q = await FifoAsync(("DeduplicationScope", "messageGroup"), ("FifoThroughputLimit", "perMessageGroupId"));
        var a = await q.SendAsync("orders.fifo", "x", group: "a", dedup: "d");
        var b = await q.SendAsync("orders.fifo", "x", group: "b", dedup: "d");
        Assert.NotEqual(a.MessageId, b.MessageId);
    }

    [Fact]
    public async Task Fifo_parameters_are_validated()
    {
        await using var q = await FifoAsync();
        await q.CreateQueueAsync("plain");

        Assert.Equal("MissingParameter", (await Assert.ThrowsAsync<QueueException>(() =>
            q.SendAsync("orders.fifo", "x", dedup: "d"))).Code);
        Assert.Equal("InvalidParameterValue", (await Assert.ThrowsAsync<QueueException>(() =>
            q.SendAsync("orders.fifo", "x", group: "g"))).Code);
        Assert.Equal("InvalidParameterValue", (await Assert.ThrowsAsync<QueueException>(() =>
            q.Engine.SendMessageAsync("orders.fifo", new OutgoingMessage
            {
                Body = "x", MessageGroupId = "g", MessageDeduplicationId = "d", Delay = TimeSpan.FromSeconds(5),
            }))).Code);
        Assert.Equal("InvalidParameterValue", (await Assert.ThrowsAsync<QueueException>(() =>
            q.SendAsync("plain", "x", dedup: "d"))).Code);
    }

    [Fact]
    public async Task Fifo_redrive_moves_the_head_and_serves_the_next_message_of_the_group()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("dlq.fifo", ("FifoQueue", "true"));
        await q.CreateQueueAsync("orders.fifo", ("FifoQueue", "true"), ("VisibilityTimeout", "10"), ("RedrivePolicy",
            """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq.fifo","maxReceiveCount":1}"""));
        await q.SendAsync("orders.fifo", "a1", group: "a", dedup: "1");
        Assert.Single(await q.ReceiveAsync("orders.fifo", max: 1));
        await q.SendAsync("orders.fifo", "a2", group: "a", dedup: "2");
        q.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("a2", Assert.Single(await q.ReceiveAsync("orders.fifo")).Body);
        Assert.Equal("a1", Assert.Single(await q.ReceiveAsync("dlq.fifo")).Body);
    }
}
