using Platform.Emulators.Queues.Engine;
using Platform.Tests.Support;

namespace Platform.Tests.Queues;

public sealed class DurabilityTests
{
    [Fact]
    public async Task Queues_messages_and_receive_state_survive_a_restart()
    {
        var path = Path.Combine(Path.GetTempPath(), "platform-queue-test-" + Guid.NewGuid().ToString("N"));
        var time = new ManualTimeProvider();
        try
        {
            string inFlightHandle;
            await using (var before = QueueTestContext.Open(path, time))
            {
                await before.CreateQueueAsync("jobs", ("VisibilityTimeout", "60"));
                await before.CreateQueueAsync("orders.fifo", ("FifoQueue", "true"));
                await before.Engine.CreateInternalQueueAsync("async-fn");
                await before.SendAsync("jobs", "in flight");
                inFlightHandle = Assert.Single(await before.ReceiveAsync("jobs")).ReceiptHandle;
                await before.SendAsync("jobs", "waiting");
                await before.SendAsync("orders.fifo", "f1", group: "g", dedup: "d1");
            }

            await using var after = QueueTestContext.Open(path, time);
            Assert.Equal("60", after.Attribute("jobs", "VisibilityTimeout"));
            Assert.True(after.Engine.QueueExists(QueueEngine.InternalQueueName("async-fn")));
            Assert.Equal("waiting", Assert.Single(await after.ReceiveAsync("jobs")).Body);
            await after.Engine.DeleteMessageAsync("jobs", inFlightHandle);
            var duplicate = await after.SendAsync("orders.fifo", "f1", group: "g", dedup: "d1");
            var next = await after.SendAsync("orders.fifo", "f2", group: "g", dedup: "d2");
            var fifo = await after.ReceiveAsync("orders.fifo");
            Assert.Equal(["f1", "f2"], fifo.Select(m => m.Body));
            Assert.Equal(duplicate.MessageId, fifo[0].MessageId);
            Assert.True(string.CompareOrdinal(next.SequenceNumber, duplicate.SequenceNumber) > 0);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
