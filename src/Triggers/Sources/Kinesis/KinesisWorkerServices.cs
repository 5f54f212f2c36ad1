using Microsoft.Extensions.Logging;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Streams.Engine;
using Platform.Triggers.Checkpoints;
using Platform.Triggers.Dispatch;

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
    ILoggerFactory LoggerFactory);
