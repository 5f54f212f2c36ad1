using Platform.Emulators.Queues.Engine;

namespace Platform.Tests.Queues;

public sealed class RedriveTests
{
    private const string Policy = """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":2}""";

    [Fact]
    public async Task The_receive_that_would_exceed_maxReceiveCount_moves_the_message_to_the_dead_letter_queue()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("dlq");
        await q.CreateQueueAsync("jobs", ("VisibilityTimeout", "10"), ("RedrivePolicy", Policy));
        var sent = await q.Engine.SendMessageAsync("jobs", new OutgoingMessage
        {
            Body = "poison",
            MessageAttributes = new Dictionary<string, MessageAttributeValue> { ["k"] = new() { DataType = "String", StringValue = "v" } },
        });
        var sentAt = q.Time.GetUtcNow();

        Assert.Equal(1, Assert.Single(await q.ReceiveAsync("jobs")).ApproximateReceiveCount);
        q.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, Assert.Single(await q.ReceiveAsync("jobs")).ApproximateReceiveCount);
        q.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Empty(await q.ReceiveAsync("jobs"));
        Assert.Equal("0", q.Attribute("jobs", "ApproximateNumberOfMessages"));
        Assert.Equal("1", q.Attribute("dlq", "ApproximateNumberOfMessages"));
        var dead = Assert.Single(await q.ReceiveAsync("dlq"));
        Assert.Equal(sent.MessageId, dead.MessageId);
        Assert.Equal("poison", dead.Body);
        Assert.Equal("v", dead.MessageAttributes["k"].StringValue);
        Assert.Equal(sent.MD5OfMessageAttributes, dead.MD5OfMessageAttributes);
        Assert.Equal(sentAt, dead.SentTimestamp);
        // The receive count carries over into the dead-letter queue.
        Assert.Equal(3, dead.ApproximateReceiveCount);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:jobs", dead.DeadLetterQueueSourceArn);
        await q.Engine.DeleteMessageAsync("dlq", dead.ReceiptHandle);
    }

    [Fact]
    public async Task Redrive_leaves_room_for_healthy_messages_in_the_same_receive()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("dlq");
        await q.CreateQueueAsync("jobs", ("VisibilityTimeout", "10"), ("RedrivePolicy",
            """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":1}"""));
        await q.SendAsync("jobs", "poison");
        Assert.Single(await q.ReceiveAsync("jobs"));
        await q.SendAsync("jobs", "fresh");
        q.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("fresh", Assert.Single(await q.ReceiveAsync("jobs")).Body);
        Assert.Equal("poison", Assert.Single(await q.ReceiveAsync("dlq")).Body);
    }

    [Fact]
    public async Task A_waiting_dead_letter_receiver_wakes_when_a_message_is_moved()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("dlq");
        await q.CreateQueueAsync("jobs", ("VisibilityTimeout", "10"), ("RedrivePolicy",
            """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":1}"""));
        await q.SendAsync("jobs", "poison");
        Assert.Single(await q.ReceiveAsync("jobs"));
        var waiting = q.Engine.ReceiveMessagesAsync("dlq", new ReceiveRequest { WaitTime = TimeSpan.FromSeconds(20) });
        Assert.False(waiting.IsCompleted);

        q.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(await q.ReceiveAsync("jobs"));

        Assert.Equal("poison", Assert.Single(await waiting.WaitAsync(QueueTestContext.Patience)).Body);
    }

    [Fact]
    public async Task Removing_the_redrive_policy_stops_redrive()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("dlq");
        await q.CreateQueueAsync("jobs", ("VisibilityTimeout", "0"), ("RedrivePolicy", Policy));
        await q.Engine.SetQueueAttributesAsync("jobs", new Dictionary<string, string> { ["RedrivePolicy"] = "" });
        await q.SendAsync("jobs", "x");

        for (var i = 1; i <= 4; i++)
            Assert.Equal(i, Assert.Single(await q.ReceiveAsync("jobs")).ApproximateReceiveCount);
        Assert.False(q.Engine.GetQueueAttributes("jobs").ContainsKey("RedrivePolicy"));
    }
}
