using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Contracts.Functions;
using Platform.Emulators.State;
using Platform.Emulators.Storage.Engine;
using Platform.Tests.Triggers.Sources.S3;
using Platform.Triggers;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources.Async;

namespace Platform.Tests.Triggers;

public sealed class TriggerSupervisorTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly LambdaFunctionConfiguration ResizeConfig = new()
    {
        Id = "resize-config",
        FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:resize",
        Events = ["s3:ObjectCreated:*"],
        Prefix = "photos/",
    };

    private static readonly FunctionDefinition Resize = new() { Name = "resize", Timeout = TimeSpan.FromSeconds(3) };

    // Long polls, as in production: the manual clock never ends them; a send or a stop does.
    private static readonly TriggerOptions Options = QueueHarness.Options with { AsyncReceiveWaitTime = TimeSpan.FromSeconds(20) };

    private readonly QueueHarness _harness = new();
    private readonly FakeStorageChangeFeed _feed;
    private readonly ScriptedInvocationDispatcher _invoker;
    private readonly InMemoryFunctionCatalog _catalog = new([Resize]);
    private readonly TriggerSupervisor _supervisor;

    public TriggerSupervisorTests()
    {
        _feed = new FakeStorageChangeFeed(_harness.Time);
        _invoker = new ScriptedInvocationDispatcher(_harness.Time);
        _supervisor = new TriggerSupervisor(_catalog, _feed, _harness.AsyncQueue, _harness.Checkpoints, _invoker,
            new EventSourceMappingStore(_harness.Database, _harness.Time), [], Options, _harness.Time, NullLoggerFactory.Instance);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(Timeout))
            await _supervisor.StopAsync(timeout.Token);
        _supervisor.Dispose();
        await _harness.DisposeAsync();
    }

    private static Task WaitUntilAsync(ChangeSignal signal, Func<bool> condition) => Signals.WaitUntilAsync(signal, condition, Timeout);

    private async Task StartWithBindingAsync()
    {
        _feed.PutNotification("uploads", ResizeConfig);
        await _supervisor.StartAsync(CancellationToken.None);
        await WaitUntilAsync(_supervisor.Changed, () => _supervisor.Bindings.Count == 1);
    }

    [Fact]
    public async Task An_upload_invokes_the_configured_function()
    {
        await StartWithBindingAsync();

        _feed.Append("uploads", "photos/red flower.jpg");
        var call = await _invoker.NextCallAsync();

        Assert.Equal(("resize", "s3:uploads", 1), (call.FunctionName, call.Trigger, call.Attempt));
        var record = JsonDocument.Parse(call.Payload).RootElement.GetProperty("Records")[0];
        Assert.Equal("photos/red+flower.jpg", record.GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        Assert.Equal("resize-config", record.GetProperty("s3").GetProperty("configurationId").GetString());

        var binding = Assert.Single(_supervisor.BindingsOf("resize"));
        Assert.Equal(("s3:uploads:resize-config", "s3:uploads", "uploads", "photos/"), (binding.Id, binding.Trigger, binding.Source, binding.Prefix));
        Assert.True(_supervisor.Health.Healthy);
        Assert.Contains(_supervisor.Health.Pollers, p => p.Name == "async:resize");

        // A graceful stop waits for the invocation's outcome, so the event is settled.
        using (var timeout = new CancellationTokenSource(Timeout))
            await _supervisor.StopAsync(timeout.Token);
        _harness.Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await _harness.DrainAsync(AsyncInvocationQueue.QueueName("resize")));
    }

    [Fact]
    public async Task Changes_before_the_configuration_existed_do_not_fire()
    {
        _feed.Append("uploads", "photos/old.jpg");
        await StartWithBindingAsync();
        _feed.Append("uploads", "photos/new.jpg");

        var call = await _invoker.NextCallAsync();
        Assert.Contains("photos/new.jpg", call.Payload);
        using (var timeout = new CancellationTokenSource(Timeout))
            await _supervisor.StopAsync(timeout.Token);
        Assert.Single(_invoker.All);
    }

    [Fact]
    public async Task A_removed_configuration_stops_its_binding_and_forgets_its_cursor()
    {
        await StartWithBindingAsync();
        Assert.NotNull(_harness.Checkpoints.Get("s3:uploads:resize-config"));

        _feed.PutNotification("uploads");
        await WaitUntilAsync(_supervisor.Changed, () => _supervisor.Bindings.Count == 0);

        Assert.Null(_harness.Checkpoints.Get("s3:uploads:resize-config"));
    }

    [Fact]
    public async Task The_journal_is_trimmed_to_the_slowest_cursor()
    {
        await StartWithBindingAsync();
        _feed.Append("uploads", "photos/a.jpg");
        await _invoker.NextCallAsync();

        // The trim runs on its interval; the cursor is stored right after the enqueue.
        await WaitUntilAsync(_supervisor.Changed, () =>
        {
            if (_feed.TrimmedTo == 1)
                return true;
            _harness.Time.Advance(Options.JournalTrimInterval);
            return false;
        });
    }

    [Fact]
    public async Task Functions_joining_and_leaving_the_catalog_get_and_lose_their_poller()
    {
        await _supervisor.StartAsync(CancellationToken.None);
        await WaitUntilAsync(_supervisor.Changed, () => _supervisor.Health.Pollers.Any(p => p.Name == "async:resize"));

        _catalog.Replace([Resize, new FunctionDefinition { Name = "thumbs" }]);
        await WaitUntilAsync(_supervisor.Changed, () => _supervisor.Health.Pollers.Any(p => p.Name == "async:thumbs"));
        Assert.True(_harness.Queues.QueueExists(AsyncInvocationQueue.QueueName("thumbs")));

        _catalog.Replace([new FunctionDefinition { Name = "thumbs" }]);
        await WaitUntilAsync(_supervisor.Changed, () => _supervisor.Health.Pollers.All(p => p.Name != "async:resize"));
    }

    [Fact]
    public async Task Stopping_waits_for_running_invocations()
    {
        _invoker.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await StartWithBindingAsync();
        _feed.Append("uploads", "photos/a.jpg");
        await _invoker.NextCallAsync();

        using var timeout = new CancellationTokenSource(Timeout);
        var stopping = _supervisor.StopAsync(timeout.Token);
        Assert.False(stopping.IsCompleted);

        _invoker.Hold.SetResult();
        await stopping;
        _harness.Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await _harness.DrainAsync(AsyncInvocationQueue.QueueName("resize")));
    }

    [Fact]
    public async Task At_the_shutdown_timeout_running_invocations_are_released_and_their_events_reappear()
    {
        _invoker.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await StartWithBindingAsync();
        _feed.Append("uploads", "photos/a.jpg");
        await _invoker.NextCallAsync();

        using var expired = new CancellationTokenSource();
        await expired.CancelAsync();
        await _supervisor.StopAsync(expired.Token);
        await _supervisor.ExecuteTask!.WaitAsync(Timeout);

        // The invocation's visibility timeout: a cold start's init limit, the timeout, the margins.
        _harness.Time.Advance(Platform.Contracts.Functions.FunctionDefinition.InitLimit + TimeSpan.FromSeconds(5));
        var message = Assert.Single(await _harness.DrainAsync(AsyncInvocationQueue.QueueName("resize")));
        Assert.Equal(2, message.ApproximateReceiveCount);
    }
}
