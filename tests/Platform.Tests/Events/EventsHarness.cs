using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Contracts.Functions;
using Platform.Emulators.Events.Engine;
using Platform.Emulators.Queues.Engine;
using Platform.Tests.Triggers;
using Platform.Triggers;
using Platform.Triggers.Sources.EventBridge;

namespace Platform.Tests.Events;

/// <summary>The real event engine and queue engine on one throw-away database with a manual clock,
/// and the delivery poller stepped by hand. Reopen() simulates a restart over the same data.</summary>
internal sealed class EventsHarness : IAsyncDisposable
{
    private readonly QueueHarness _queues = new();

    public EventsHarness(params string[] functions)
    {
        Catalog = new InMemoryFunctionCatalog([.. functions.Select(f => new FunctionDefinition { Name = f })]);
        Open();
    }

    public static EventsOptions Options { get; } = new() { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(8) };

    public InMemoryFunctionCatalog Catalog { get; }
    public EventEngine Engine { get; private set; } = null!;
    public EventDeliveryPoller Poller { get; private set; } = null!;
    public QueueEngine Queues => _queues.Queues;
    public Support.ManualTimeProvider Time => _queues.Time;
    public QueueHarness QueueHarness => _queues;

    private void Open()
    {
        Engine = new EventEngine(_queues.Database, Time, new SharedEventPatternMatcher(), Options);
        IEventTargetChannel[] channels = [new SqsTargetChannel(Queues), new LambdaTargetChannel(_queues.AsyncQueue, Catalog)];
        Poller = new EventDeliveryPoller(Engine, channels, Queues, Options, Time, NullLogger<EventDeliveryPoller>.Instance);
    }

    public async Task ReopenAsync()
    {
        await _queues.ReopenAsync();
        Open();
    }

    public async Task<string> CreateQueueAsync(string name, Dictionary<string, string>? attributes = null)
    {
        await Queues.CreateQueueAsync(name, attributes);
        return Queues.GetQueueArn(name);
    }

    public async Task PutRuleAsync(string name, string? pattern, string? schedule = null, params string[] targets)
    {
        await Engine.PutRuleAsync(new PutRuleRequest { Name = name, EventPattern = pattern, ScheduleExpression = schedule }, default);
        if (targets.Length > 0)
            await Engine.PutTargetsAsync(null, name, [.. targets.Select(t => JsonDocument.Parse(t).RootElement)], default);
    }

    public Task<IReadOnlyList<PutEventResult>> PutAsync(string source, string detailType, string detail, string? bus = null) =>
        Engine.PutEventsAsync([new EventEntry { Source = source, DetailType = detailType, Detail = detail, EventBusName = bus }], default);

    /// <summary>Steps the poller until it has nothing more to do now.</summary>
    public async Task DeliverAsync()
    {
        while (await Poller.PollOnceAsync(default) == Platform.Triggers.Pollers.PollResult.DidWork)
        {
        }
    }

    public async Task<List<string>> BodiesAsync(string queue) => [.. (await _queues.DrainAsync(queue)).Select(m => m.Body)];

    public Task<IReadOnlyList<ReceivedMessage>> DrainAsync(string queue) => _queues.DrainAsync(queue);

    public ValueTask DisposeAsync() => _queues.DisposeAsync();
}
