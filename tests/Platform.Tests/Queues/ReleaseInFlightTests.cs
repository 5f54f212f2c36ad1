using Platform.Emulators.Queues.Engine;

namespace Platform.Tests.Queues;

public sealed class ReleaseInFlightTests
{
    [Fact]
    public async Task In_flight_messages_become_visible_at_once_with_their_receive_count_kept()
    {
        await using var context = QueueTestContext.Create();
        await context.CreateQueueAsync("jobs", ("VisibilityTimeout", "300"));
        await context.SendAsync("jobs", "was running");
        var stale = Assert.Single(await context.ReceiveAsync("jobs")).ReceiptHandle;
        await context.SendAsync("jobs", "never received");

        var released = await context.Engine.ReleaseInFlightMessagesAsync("jobs");

        Assert.Equal(1, released);
        var again = await context.ReceiveAsync("jobs");
        var rerun = Assert.Single(again, m => m.Body == "was running");
        Assert.Equal(2, rerun.ApproximateReceiveCount);
        Assert.Contains(again, m => m.Body == "never received");
        var error = await Assert.ThrowsAsync<QueueException>(() => context.Engine.DeleteMessageAsync("jobs", stale));
        Assert.Equal("ReceiptHandleIsInvalid", error.Code);
    }
}
