using Microsoft.Extensions.Logging;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Streams.Engine;
using Platform.Triggers.Checkpoints;
using Platform.Triggers.Destinations;
using Platform.Triggers.Dispatch;
using Platform.Triggers.Failures;
using Platform.Triggers.Pollers;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>What every Kinesis mapping worker is built from (one set per process).</summary>
public sealed record KinesisWorkerServices(
    IStreamRecordSource Streams,
    CheckpointStore Checkpoints,
    IQueuePort Queues,
    IInvocationDispatcher Invoker,
    IFunctionCatalog Functions,
    TimeProvider Time,
    TriggerOptions Options,
    ILoggerFactory LoggerFactory,
    TriggerActivity? Activity = null)
{
    /// <summary>Where on-failure records go (queues only when not set: unit tests' harness).</summary>
    public DestinationResolver? Destinations { get; init; }

    /// <summary>Settles given-up batches through <see cref="Destinations"/>.</summary>
    public FailureExecutor Failures => new(Destinations ?? new DestinationResolver(Queues));

    /// <summary>Where shard processors count their records in progress (the test host's idle check).</summary>
    public TriggerActivity Tracking => Activity ?? TriggerActivity.Untracked;
}
