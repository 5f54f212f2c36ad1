using Platform.Triggers.Mappings;

namespace Platform.Triggers.Sources;

/// <summary>Runs one enabled event source mapping until cancelled: polls its source, invokes the
/// function in batches and acknowledges the source only once an outcome is known (SQS: delete;
/// Kinesis: checkpoint). Created by the <see cref="ISourceWorkerFactory"/> of its source kind.</summary>
public interface ISourceWorker
{
    EventSourceMapping Mapping { get; }

    /// <summary>Returns when <paramref name="cancellationToken"/> is cancelled, after the batches
    /// in flight have an outcome (or the host gives up on them).</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>For /_platform: health, last error, position (Kinesis: per shard), iterator age.</summary>
    MappingStatus Status { get; }
}
