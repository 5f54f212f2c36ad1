using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Storage.Engine;
using Platform.Triggers.Pollers;
using Platform.Triggers.Sources.Async;
using Platform.Triggers.Sources.S3;

namespace Platform.Tests.Triggers.Sources.S3;

public sealed class StoragePollerTests : IAsyncLifetime
{
    private readonly QueueHarness _harness = new();
    private readonly FakeStorageChangeFeed _feed;
    private static readonly string Queue = AsyncInvocationQueue.QueueName("resize");

    private static readonly StorageBinding Binding = new("uploads", new LambdaFunctionConfiguration
    {
        Id = "resize-config",
        FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:resize",
        Events = ["s3:ObjectCreated:*"],
        Suffix = ".jpg",
    }, "resize");

    public StoragePollerTests() => _feed = new FakeStorageChangeFeed(_harness.Time);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private StoragePoller NewPoller(StorageBinding? binding = null) => new(binding ?? Binding, _feed,
        new S3NotificationTargets(_harness.AsyncQueue, _harness.Queues, null, null, NullLogger<S3NotificationTargets>.Instance),
        _harness.Checkpoints, new S3EventContext("us-east-1", "000000000000"), QueueHarness.Options, _harness.Time);

    [Fact]
    public async Task A_queue_binding_sends_one_records_message_per_matching_change_and_skips_a_vanished_queue()
    {
        await _harness.Queues.CreateQueueAsync("uploads-q");
        StorageBinding.TryCreate("uploads", new QueueConfiguration
        {
            Id = "to-queue",
            QueueArn = "arn:aws:sqs:us-east-1:000000000000:uploads-q",
            Events = ["s3:ObjectCreated:*"],
            Prefix = "in/",
        }, out var binding);
        var poller = NewPoller(binding);
        await poller.InitializeAsync(CancellationToken.None);
        _feed.Append("uploads", "in/a.jpg");
        _feed.Append("uploads", "out/b.jpg");

        Assert.Equal(PollResult.DidWork, await poller.PollOnceAsync(CancellationToken.None));

        var message = Assert.Single(await _harness.DrainAsync("uploads-q"));
        var record = Assert.Single(JsonDocument.Parse(message.Body).RootElement.GetProperty("Records").EnumerateArray());
        Assert.Equal("to-queue", record.GetProperty("s3").GetProperty("configurationId").GetString());
        Assert.Equal("in/a.jpg", record.GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        Assert.Equal(2, _harness.Checkpoints.Get(binding!.Id));

        // A queue deleted after the configuration was put: S3 drops the event, and so does the poller
        // rather than blocking the bucket's journal.
        await _harness.Queues.DeleteQueueAsync("uploads-q");
        _feed.Append("uploads", "in/c.jpg");
        Assert.Equal(PollResult.DidWork, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal(3, _harness.Checkpoints.Get(binding.Id));
    }

    [Fact]
    public void Binding_id_and_trigger_name_the_bucket_and_configuration()
    {
        Assert.Equal("s3:uploads:resize-config", Binding.Id);
        Assert.Equal("s3:uploads", Binding.Trigger);
    }

    [Fact]
    public async Task A_new_binding_starts_at_the_journal_head_and_stores_it()
    {
        _feed.Append("uploads", "before-1.jpg");
        _feed.Append("uploads", "before-2.jpg");
        await _harness.AsyncQueue.EnsureExistsAsync("resize", CancellationToken.None);
        var poller = NewPoller();

        await poller.InitializeAsync(CancellationToken.None);

        Assert.Equal(2, poller.Position);
        Assert.Equal(2, _harness.Checkpoints.Get(Binding.Id));
        Assert.Equal(PollResult.Idle, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Empty(await _harness.DrainAsync(Queue));
    }

    [Fact]
    public async Task Enqueues_one_s3_event_per_matching_change_then_moves_the_cursor()
    {
        await _harness.AsyncQueue.EnsureExistsAsync("resize", CancellationToken.None);
        var poller = NewPoller();
        await poller.InitializeAsync(CancellationToken.None);

        _feed.Append("uploads", "cats/red flower.jpg");
        _feed.Append("uploads", "notes.txt");                       // suffix does not match
        _feed.Append("other", "dog.jpg");                            // other bucket
        _feed.Append("uploads", "gone.jpg", "ObjectRemoved:Delete"); // event type does not match
        _feed.Append("uploads", "b+c.jpg");

        Assert.Equal(PollResult.DidWork, await poller.PollOnceAsync(CancellationToken.None));

        Assert.Equal(5, poller.Position);
        Assert.Equal(5, _harness.Checkpoints.Get(Binding.Id));
        var messages = await _harness.DrainAsync(Queue);
        Assert.Equal(2, messages.Count);
        var keys = messages.Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("Records"))
            .Select(records =>
            {
                Assert.Equal(1, records.GetArrayLength());
                Assert.Equal("resize-config", records[0].GetProperty("s3").GetProperty("configurationId").GetString());
                return records[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString()!;
            }).Order().ToArray();
        Assert.Equal(["b%2Bc.jpg", "cats/red+flower.jpg"], keys);

        var attributes = messages[0].MessageAttributes;
        Assert.Equal("s3:uploads", attributes[AsyncInvocationQueue.TriggerAttribute].StringValue);
        Assert.Equal("resize-config", attributes[AsyncInvocationQueue.ConfigurationIdAttribute].StringValue);
        Assert.True(Guid.TryParse(attributes[AsyncInvocationQueue.RequestIdAttribute].StringValue, out _));
        Assert.NotEqual(attributes[AsyncInvocationQueue.RequestIdAttribute].StringValue,
            messages[1].MessageAttributes[AsyncInvocationQueue.RequestIdAttribute].StringValue);
    }

    [Fact]
    public async Task The_cursor_moves_only_after_the_events_are_enqueued()
    {
        var poller = NewPoller();
        await poller.InitializeAsync(CancellationToken.None);
        _feed.Append("uploads", "a.jpg");

        // The function's async queue does not exist yet: the enqueue fails.
        await Assert.ThrowsAsync<QueueException>(() => poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal(0, poller.Position);
        Assert.Equal(0, _harness.Checkpoints.Get(Binding.Id));

        await _harness.AsyncQueue.EnsureExistsAsync("resize", CancellationToken.None);
        Assert.Equal(PollResult.DidWork, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal(1, _harness.Checkpoints.Get(Binding.Id));
        Assert.Single(await _harness.DrainAsync(Queue));
    }

    [Fact]
    public async Task A_restart_resumes_from_the_stored_cursor_not_from_the_head()
    {
        await _harness.AsyncQueue.EnsureExistsAsync("resize", CancellationToken.None);
        var first = NewPoller();
        await first.InitializeAsync(CancellationToken.None);
        _feed.Append("uploads", "1.jpg");
        await first.PollOnceAsync(CancellationToken.None);
        Assert.Single(await _harness.DrainAsync(Queue));

        // Changes committed while the platform is down.
        _feed.Append("uploads", "2.jpg");
        _feed.Append("uploads", "3.jpg");
        await _harness.ReopenAsync();

        var second = NewPoller();
        await second.InitializeAsync(CancellationToken.None);
        Assert.Equal(1, second.Position);
        await second.PollOnceAsync(CancellationToken.None);

        var keys = (await _harness.DrainAsync(Queue))
            .Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("Records")[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString()!)
            .Order();
        Assert.Equal(["2.jpg", "3.jpg"], keys);
        Assert.Equal(3, _harness.Checkpoints.Get(Binding.Id));
    }

    [Fact]
    public async Task Waits_for_the_journal_when_caught_up()
    {
        await _harness.AsyncQueue.EnsureExistsAsync("resize", CancellationToken.None);
        var poller = NewPoller();
        await poller.InitializeAsync(CancellationToken.None);
        Assert.Equal(PollResult.Idle, await poller.PollOnceAsync(CancellationToken.None));

        var waiting = poller.WaitForWorkAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        _feed.Append("uploads", "x.jpg");
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
