using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Contracts.Functions;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.State;
using Platform.Emulators.Streams.Engine;
using Platform.Emulators.Tables.Engine;
using Platform.Tests.Support;
using Platform.Triggers;
using Platform.Triggers.Checkpoints;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources;
using Platform.Triggers.Sources.DynamoDb;
using Platform.Triggers.Sources.Kinesis;

namespace Platform.Tests.Triggers.Sources.Kinesis;

/// <summary>The Kinesis mapping worker over a real database (checkpoints, the SQS failure queue),
/// an in-memory stream, a scripted function and a manual clock. Start/Stop run one worker at a
/// time; ReopenAsync simulates a restart of the process over the same data. With <c>tables</c> it
/// runs the DynamoDB Streams mapping over the platform's table engine instead.</summary>
internal sealed class StreamHarness : IAsyncDisposable
{
    public const string FailureQueue = "kinesis-failures";
    public const string FailureQueueArn = "arn:aws:sqs:us-east-1:000000000000:" + FailureQueue;

    private readonly DataDirectory _directory = DataDirectory.CreateEphemeral();
    private CancellationTokenSource? _stop;
    private Task? _running;

    /// <param name="realEngine">Read the platform's own stream engine (durable in the same database)
    /// instead of the in-memory double.</param>
    /// <param name="tables">Run DynamoDB Streams mappings over the platform's table engine (<see cref="Tables"/>).</param>
    public StreamHarness(bool realEngine = false, bool tables = false)
    {
        _realEngine = realEngine;
        _tables = tables;
        Streams = new InMemoryStreamSource(Time);
        Function = new StreamFunction(Time);
        Database = new PlatformDatabase(_directory);
        Open();
    }

    private readonly bool _realEngine;
    private readonly bool _tables;

    /// <summary>The real engine, when the harness was made with it (recreated by ReopenAsync).</summary>
    public StreamEngine Engine { get; private set; } = null!;

    /// <summary>The table engine, when the harness was made for DynamoDB (recreated by ReopenAsync).</summary>
    public TableEngine Tables { get; private set; } = null!;

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 5, 30, 28, 123, TimeSpan.Zero));
    public InMemoryStreamSource Streams { get; }
    public StreamFunction Function { get; }
    public PlatformDatabase Database { get; private set; }
    public QueueEngine Queues { get; private set; } = null!;
    public CheckpointStore Checkpoints { get; private set; } = null!;
    public ISourceWorkerFactory Factory { get; private set; } = null!;
    public KinesisMappingWorker? Worker { get; private set; }

    public static TriggerOptions Options { get; } = new()
    {
        InvokeTimeoutMargin = TimeSpan.FromSeconds(1),
        PollErrorBackoff = TimeSpan.FromMilliseconds(1),
        MaxPollErrorBackoff = TimeSpan.FromMilliseconds(1),
    };

    public static EventSourceMapping Mapping(string streamArn, string startingPosition = "TRIM_HORIZON") => new()
    {
        Uuid = "11111111-2222-3333-4444-555555555555",
        FunctionName = "consume",
        EventSourceArn = streamArn,
        StartingPosition = startingPosition,
    };

    public Task CreateFailureQueueAsync() => Queues.CreateQueueAsync(FailureQueue);

    public KinesisMappingWorker Start(EventSourceMapping mapping)
    {
        if (_running is not null)
            throw new InvalidOperationException("Stop the running worker first.");
        Worker = (KinesisMappingWorker)Factory.Create(Factory.Validate(mapping));
        _stop = new CancellationTokenSource();
        _running = Task.Run(() => Worker.RunAsync(_stop.Token));
        return Worker;
    }

    /// <summary>Stops the worker the way the supervisor does (disable, shutdown) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (_running is null)
            return;
        await _stop!.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(20));
        _running = null;
        _stop.Dispose();
    }

    public async Task ReopenAsync()
    {
        await StopAsync();
        await Database.DisposeAsync();
        Database = new PlatformDatabase(_directory);
        Open();
    }

    /// <summary>The next destination record (waits for one with SQS long polling).</summary>
    public async Task<JsonElement> NextFailureRecordAsync()
    {
        // The long poll waits on the manual clock, which a test may move past its end: receive
        // again until a record is there; a real-time bound ends the wait.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var received = await Queues.ReceiveMessagesAsync(FailureQueue, new ReceiveRequest
            {
                MaxNumberOfMessages = 1,
                VisibilityTimeout = TimeSpan.FromHours(12),
                WaitTime = TimeSpan.FromSeconds(20),
            }, timeout.Token);
            if (received.Count == 1)
                return JsonDocument.Parse(received[0].Body).RootElement;
        }
    }

    private void Open()
    {
        Queues = new QueueEngine(Database, Time, new QueueEngineOptions());
        Checkpoints = new CheckpointStore(Database, Time);
        var catalog = new InMemoryFunctionCatalog([new FunctionDefinition { Name = "consume", Timeout = TimeSpan.FromSeconds(3) }]);
        if (_realEngine)
            Engine = new StreamEngine(Database, Time, new StreamEngineOptions());
        IStreamRecordSource source = _realEngine ? Engine : Streams;
        var services = new KinesisWorkerServices(source, Checkpoints, Queues, Function, catalog, Time, Options, NullLoggerFactory.Instance);
        if (_tables)
        {
            Tables = new TableEngine(Database, Time, new TableEngineOptions());
            Factory = new DynamoDbMappingWorkerFactory(services, Tables);
        }
        else
        {
            Factory = new KinesisMappingWorkerFactory(services);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Database.DisposeAsync();
        _directory.Dispose();
    }
}
