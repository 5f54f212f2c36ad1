using Microsoft.Extensions.Logging;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Streams.Engine;
using Platform.Triggers.Routing;

namespace Platform.Triggers.Pollers.Stream;

/// <summary>What every Kinesis mapping worker is built from (one set per process).</summary>
public sealed record KinesisWorkerServices(
    IStreamRecordSource Streams,
    StreamCheckpointStore Checkpoints,
    QueueEngine Queues,
    IFunctionInvoker Invoker,
    IFunctionCatalog Functions,
    TimeProvider Time,
    TriggerOptions Options,
    ILoggerFactory LoggerFactory);
