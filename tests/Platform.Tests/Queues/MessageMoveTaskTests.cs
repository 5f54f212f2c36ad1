using Platform.Emulators.Queues.Engine;

namespace Platform.Tests.Queues;

/// <summary>Dead-letter queue redrive (StartMessageMoveTask): messages go back to their source at
/// the requested rate, each move in one commit, and a cancelled task loses nothing.</summary>
public sealed class MessageMoveTaskTests
{
    private const string DlqArn = "arn:aws:sqs:us-east-1:000000000000:dlq";
    private static readonly ReceiveRequest WaitForOne = new() { MaxNumberOfMessages = 10, WaitTime = TimeSpan.FromHours(1) };

    private static async Task<QueueTestContext> WithDeadLettersAsync(int count)
    {
        var q = QueueTestContext.Create();
        await q.CreateQueueAsync("dlq");
        await q.CreateQueueAsync("jobs", ("RedrivePolicy", $$"""{"deadLetterTargetArn":"{{DlqArn}}","maxReceiveCount":1}"""));
        for (var i = 0; i < count; i++)
            await q.SendAsync("jobs", "m" + i);
        await q.ReceiveAsync("jobs", visibility: TimeSpan.Zero);
        Assert.Empty(await q.ReceiveAsync("jobs"));
        Assert.Equal(count.ToString(), q.Attribute("dlq", "ApproximateNumberOfMessages"));
        return q;
    }

    [Fact]
    public async Task Messages_return_to_their_source_at_the_requested_rate_then_the_task_completes()
    {
        await using var q = await WithDeadLettersAsync(3);
        var handle = q.Engine.StartMessageMoveTask(DlqArn, maxNumberOfMessagesPerSecond: 1);

        var first = await q.Engine.ReceiveMessagesAsync("jobs", WaitForOne).WaitAsync(QueueTestContext.Patience);
        Assert.Equal("m0", Assert.Single(first).Body);
        Assert.Equal(1, first[0].ApproximateReceiveCount);
        Assert.Null(first[0].DeadLetterQueueSourceArn);
        // One per second: the next one waits for the clock.
        Assert.Equal("2", q.Attribute("dlq", "ApproximateNumberOfMessages"));

        q.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("m1", Assert.Single(await q.Engine.ReceiveMessagesAsync("jobs", WaitForOne).WaitAsync(QueueTestContext.Patience)).Body);
        q.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("m2", Assert.Single(await q.Engine.ReceiveMessagesAsync("jobs", WaitForOne).WaitAsync(QueueTestContext.Patience)).Body);
        q.Time.Advance(TimeSpan.FromSeconds(1));
        await q.Engine.WaitForMessageMoveTaskAsync(handle).WaitAsync(QueueTestContext.Patience);

        var task = Assert.Single(q.Engine.ListMessageMoveTasks(DlqArn));
        Assert.Equal(MessageMoveTaskStatus.Completed, task.Status);
        Assert.Equal(3, task.ApproximateNumberOfMessagesMoved);
        Assert.Equal(3, task.ApproximateNumberOfMessagesToMove);
        Assert.Equal("", task.TaskHandle);
    }

    [Fact]
    public async Task A_cancelled_task_keeps_what_it_moved_and_leaves_the_rest_in_the_dead_letter_queue()
    {
        await using var q = await WithDeadLettersAsync(3);
        var handle = q.Engine.StartMessageMoveTask(DlqArn, maxNumberOfMessagesPerSecond: 1);
        Assert.Single(await q.Engine.ReceiveMessagesAsync("jobs", WaitForOne).WaitAsync(QueueTestContext.Patience));
        Assert.Throws<QueueException>(() => q.Engine.StartMessageMoveTask(DlqArn));

        Assert.Equal(1, q.Engine.CancelMessageMoveTask(handle));
        await q.Engine.WaitForMessageMoveTaskAsync(handle).WaitAsync(QueueTestContext.Patience);

        Assert.Equal(MessageMoveTaskStatus.Cancelled, Assert.Single(q.Engine.ListMessageMoveTasks(DlqArn)).Status);
        Assert.Equal("2", q.Attribute("dlq", "ApproximateNumberOfMessages"));
        Assert.Equal("AWS.SimpleQueueService.UnsupportedOperation", Assert.Throws<QueueException>(() => q.Engine.CancelMessageMoveTask(handle)).Code);
    }

    [Fact]
    public async Task Only_dead_letter_queues_are_sources_and_an_explicit_destination_receives_everything()
    {
        await using var q = await WithDeadLettersAsync(2);
        await q.CreateQueueAsync("elsewhere");
        Assert.Equal("InvalidParameterValue",
            Assert.Throws<QueueException>(() => q.Engine.StartMessageMoveTask("arn:aws:sqs:us-east-1:000000000000:jobs")).Code);
        Assert.Equal("ResourceNotFoundException",
            Assert.Throws<QueueException>(() => q.Engine.StartMessageMoveTask("arn:aws:sqs:us-east-1:000000000000:nope")).Code);

        var handle = q.Engine.StartMessageMoveTask(DlqArn, "arn:aws:sqs:us-east-1:000000000000:elsewhere");
        await q.Engine.WaitForMessageMoveTaskAsync(handle).WaitAsync(QueueTestContext.Patience);
        Assert.Equal(["m0", "m1"], (await q.ReceiveAsync("elsewhere")).Select(m => m.Body).Order());
        Assert.Equal("0", q.Attribute("dlq", "ApproximateNumberOfMessages"));
    }
}
