using Microsoft.Extensions.Logging.Abstractions;
using Platform.Contracts.Functions;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.State;
using Platform.Tests.Triggers.Sources.S3;
using Platform.Triggers;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources.Sqs;

namespace Platform.Tests.Triggers;

public sealed class TriggerSupervisorMappingTests : IAsyncLifetime
{
    private const string Arn = "arn:aws:sqs:us-east-1:000000000000:orders";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly QueueHarness _harness = new();
    private readonly ScriptedInvocationDispatcher _invoker;
    private readonly InMemoryFunctionCatalog _catalog = new([new FunctionDefinition { Name = "orders", Timeout = TimeSpan.FromSeconds(3) }]);
    private EventSourceMappingStore _store = null!;
    private TriggerSupervisor _supervisor = null!;

    public TriggerSupervisorMappingTests() => _invoker = new ScriptedInvocationDispatcher(_harness.Time);

    public async Task InitializeAsync()
    {
        await _harness.Queues.CreateQueueAsync("orders");
        _store = new EventSourceMappingStore(_harness.Database, _harness.Time);
        _supervisor = NewSupervisor();
    }

    public async Task DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(Timeout))
            await _supervisor.StopAsync(timeout.Token);
        _supervisor.Dispose();
        await _harness.DisposeAsync();
    }

    /// <summary>The one trigger supervisor, here with no S3 notifications: only its mappings matter.</summary>
    private TriggerSupervisor NewSupervisor() => new(_catalog, new FakeStorageChangeFeed(_harness.Time), _harness.AsyncQueue,
        _harness.Checkpoints, _invoker, _store,
        [new SqsMappingWorkerFactory(_harness.Queues, _catalog, () => _invoker, QueueHarness.Options, _harness.Time, NullLoggerFactory.Instance)],
        QueueHarness.Options, _harness.Time, NullLoggerFactory.Instance);

    private static EventSourceMapping Mapping(bool enabled = true, string arn = Arn, int batchSize = 10) => new()
    {
        Uuid = "6f1b0c1e-0000-4000-8000-000000000001",
        FunctionName = "orders",
        EventSourceArn = arn,
        Enabled = enabled,
        BatchSize = batchSize,
    };

    private Task WaitForStateAsync(Func<IReadOnlyList<MappingState>, bool> condition) =>
        Signals.WaitUntilAsync(_supervisor.Changed, () => condition(_supervisor.Mappings), Timeout);

    private string VisibleMessages() => _harness.Queues.GetQueueAttributes("orders", ["ApproximateNumberOfMessages"])["ApproximateNumberOfMessages"];

    [Fact]
    public async Task An_enabled_mapping_invokes_its_function()
    {
        await _store.PutAsync(Mapping(), CancellationToken.None);
        await _supervisor.StartAsync(CancellationToken.None);

        await _harness.Queues.SendMessageAsync("orders", new OutgoingMessage { Body = "hello" });
        var call = await _invoker.NextCallAsync();

        Assert.Equal("orders", call.FunctionName);
        var state = Assert.Single(_supervisor.MappingsOf("orders"));
        Assert.True(state.Running);
        Assert.Equal("Enabled", state.State);
    }

    [Fact]
    public async Task A_disabled_mapping_does_not_poll_and_resumes_when_enabled_even_after_a_restart()
    {
        await _store.PutAsync(Mapping(enabled: false), CancellationToken.None);
        await _supervisor.StartAsync(CancellationToken.None);
        await _harness.Queues.SendMessageAsync("orders", new OutgoingMessage { Body = "waits" });
        await WaitForStateAsync(s => s.Count == 1 && !s[0].Running && _supervisor.Changed.Version > 0);

        // Nobody received it: it is still visible, never in flight.
        Assert.Equal("1", VisibleMessages());
        Assert.Empty(_invoker.All);

        // The disabled state is durable: a restarted platform still does not poll.
        using (var timeout = new CancellationTokenSource(Timeout))
            await _supervisor.StopAsync(timeout.Token);
        _supervisor.Dispose();
        _store = new EventSourceMappingStore(_harness.Database, _harness.Time);
        _supervisor = NewSupervisor();
        await _supervisor.StartAsync(CancellationToken.None);
        await WaitForStateAsync(s => s.Count == 1 && !s[0].Running && s[0].State == "Disabled");
        Assert.Equal("1", VisibleMessages());

        await _store.PutAsync(Mapping(enabled: true), CancellationToken.None);
        var call = await _invoker.NextCallAsync();
        Assert.Contains("waits", call.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_mapping_restarts_its_worker_and_a_deleted_one_stops()
    {
        await _store.PutAsync(Mapping(batchSize: 10), CancellationToken.None);
        await _supervisor.StartAsync(CancellationToken.None);
        await WaitForStateAsync(s => s.Count == 1 && s[0].Running);

        var changed = await _store.PutAsync(Mapping(batchSize: 5), CancellationToken.None);
        await WaitForStateAsync(s => s.Count == 1 && s[0].Running && ReferenceEquals(s[0].Mapping, changed));

        await _store.DeleteAsync(changed.Uuid, CancellationToken.None);
        await WaitForStateAsync(s => s.Count == 0 && _supervisor.RunningWorkers == 0);
        await _harness.Queues.SendMessageAsync("orders", new OutgoingMessage { Body = "nobody" });
        Assert.Equal("1", VisibleMessages());
    }

    [Fact]
    public async Task A_mapping_without_a_worker_factory_reports_why_it_does_not_run()
    {
        await _store.PutAsync(Mapping(arn: "arn:aws:kinesis:us-east-1:000000000000:stream/clicks"), CancellationToken.None);
        await _supervisor.StartAsync(CancellationToken.None);

        await WaitForStateAsync(s => s.Count == 1 && !s[0].Status.Healthy);
        Assert.Contains("Kinesis", _supervisor.Mappings[0].Status.LastError, StringComparison.Ordinal);
        Assert.False(_supervisor.Supports(EventSourceKind.Kinesis));
        Assert.True(_supervisor.Supports(EventSourceKind.Sqs));
    }

    [Fact]
    public async Task Shutdown_waits_for_the_batch_in_flight_which_is_then_deleted()
    {
        var gate = new TaskCompletionSource();
        _invoker.Hold = gate;
        await _store.PutAsync(Mapping(), CancellationToken.None);
        await _supervisor.StartAsync(CancellationToken.None);
        await _harness.Queues.SendMessageAsync("orders", new OutgoingMessage { Body = "in flight" });
        await _invoker.NextCallAsync();

        using var timeout = new CancellationTokenSource(Timeout);
        var stopping = _supervisor.StopAsync(timeout.Token);
        Assert.False(stopping.IsCompleted);
        gate.SetResult();
        await stopping;

        _harness.Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await _harness.DrainAsync("orders"));
    }
}
