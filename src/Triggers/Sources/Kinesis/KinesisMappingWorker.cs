using Microsoft.Extensions.Logging;
using Platform.Contracts.Functions;
using Platform.Emulators.Streams.Engine;
using Platform.Triggers.Checkpoints;
using Platform.Triggers.Dispatch;
using Platform.Triggers.Mappings;
using Platform.Triggers.Pollers;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>
/// Runs one Kinesis event source mapping: every shard in parallel (a <see cref="ShardProcessor"/>
/// each), a child shard only after its parents were fully processed, each shard from its durable
/// checkpoint. The mapping's StartingPosition is resolved once, when the mapping first sees the
/// stream, and stored; shards created later by a reshard are read from their start.
/// </summary>
public sealed partial class KinesisMappingWorker : ISourceWorker, IPendingWork
{
    private readonly KinesisWorkerServices _services;
    private readonly KinesisEventSource _source;
    private readonly StreamMappingStatusBoard _status = new();
    private readonly Func<StreamRecord, bool>? _filter;
    private readonly SemaphoreSlim _runGate;
    private readonly ILogger<KinesisMappingWorker> _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ShardProcessor> _processors = new(StringComparer.Ordinal);
    // True until the worker has listed the shards and started what is ready (the idle check).
    private volatile bool _listing = true;

    /// <param name="mapping">Validated (<see cref="KinesisMappingRules.Validate"/>): every option set.</param>
    /// <param name="filter">FilterCriteria: records it rejects are checkpointed past without an invocation.</param>
    /// <param name="runGate">Shared by the workers of one mapping, so only one of them runs at a time.</param>
    /// <param name="source">The event shape and ARN (Kinesis's from the mapping's ARN when null).</param>
    public KinesisMappingWorker(EventSourceMapping mapping, KinesisWorkerServices services, Func<StreamRecord, bool>? filter = null,
        SemaphoreSlim? runGate = null, KinesisEventSource? source = null)
    {
        _runGate = runGate ?? new SemaphoreSlim(1, 1);
        Mapping = mapping;
        _services = services;
        _source = source ?? KinesisEventSource.For(mapping.EventSourceArn, services.Options);
        _filter = filter;
        _logger = services.LoggerFactory.CreateLogger<KinesisMappingWorker>();
    }

    public EventSourceMapping Mapping { get; }

    public MappingStatus Status => _status.Snapshot();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The previous worker of this mapping (before a change) is still finishing its batches.
            await _runGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await RunShardsAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _runGate.Release();
        }
    }

    private async Task RunShardsAsync(CancellationToken cancellationToken)
    {
        // After cancellation, invocations in flight get the function's timeout to report an outcome
        // (and be checkpointed); then they are abandoned and run again after a restart.
        using var abort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _services.Time);
        await using var drain = cancellationToken.Register(() => abort.CancelAfter(DrainTimeout()));
        var running = new Dictionary<string, Task<bool>>(StringComparer.Ordinal);
        var checkpoints = new Dictionary<string, ShardCheckpoint>(_services.Checkpoints.Read(Mapping.Uuid), StringComparer.Ordinal);
        foreach (var checkpoint in checkpoints.Values)
            _status.Position(checkpoint.ShardId, checkpoint.SequenceNumber);
        var failures = 0;
        LogStarted(_logger, Mapping.Uuid, Mapping.EventSourceArn, Mapping.FunctionName);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var faulted = false;
                foreach (var (shardId, task) in running.Where(r => r.Value.IsCompleted).ToArray())
                {
                    running.Remove(shardId);
                    if (task.IsCompletedSuccessfully)
                    {
                        if (task.Result)
                            checkpoints[shardId] = checkpoints[shardId] with { Ended = true };
                        continue;
                    }

                    faulted = true;
                    failures++;
                    var error = task.Exception?.GetBaseException();
                    _status.Failed(error?.Message ?? "shard processing stopped");
                    LogShardFailed(_logger, Mapping.Uuid, shardId, failures, error);
                }

                if (faulted)
                {
                    // Restart from what is durable: records after the checkpoint run again.
                    await Task.Delay(Backoff.AfterPollFailure(_services.Options, failures), _services.Time, cancellationToken).ConfigureAwait(false);
                    checkpoints = new Dictionary<string, ShardCheckpoint>(_services.Checkpoints.Read(Mapping.Uuid), StringComparer.Ordinal);
                }

                _listing = true;
                var changes = _services.Streams.Changes(_source.StreamArn);
                var version = changes.Version;
                try
                {
                    var shards = _services.Streams.GetShards(_source.StreamArn).Shards;
                    await AddNewShardsAsync(shards, checkpoints, cancellationToken).ConfigureAwait(false);
                    foreach (var shard in shards)
                    {
                        if (!running.ContainsKey(shard.ShardId) && IsReady(shard, shards, checkpoints))
                            running[shard.ShardId] = RunShardAsync(shard, checkpoints[shard.ShardId].SequenceNumber, cancellationToken, abort.Token);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The stream may be gone or not there yet, or the database busy: keep trying.
                    failures++;
                    _status.Failed(ex.Message);
                    LogListFailed(_logger, Mapping.Uuid, Mapping.EventSourceArn, ex.Message);
                    await Task.Delay(Backoff.AfterPollFailure(_services.Options, failures), _services.Time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!faulted)
                {
                    failures = 0;
                    _status.Recovered();
                }

                // Shards change only by a reshard, which closes their parents: a shard ending is
                // what reveals new work. With nothing running, the stream's signal (it may appear).
                var waits = new List<Task>(running.Values);
                if (running.Count == 0)
                    waits.Add(changes.WaitAsync(version, Timeout.InfiniteTimeSpan, _services.Time, cancellationToken));
                _listing = false;
                await Task.WhenAny(waits).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            try
            {
                await Task.WhenAll(running.Values).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStopFailed(_logger, Mapping.Uuid, ex);
            }
            catch (OperationCanceledException)
            {
            }

            LogStopped(_logger, Mapping.Uuid);
        }
    }

    private async Task<bool> RunShardAsync(ShardInfo shard, string? position, CancellationToken stop, CancellationToken abort)
    {
        // Known before the worker stops listing, so the idle check never misses a starting shard.
        var processor = new ShardProcessor(Mapping, _services, _source, _status, shard, position, _filter, _logger);
        _processors[shard.ShardId] = processor;
        try
        {
            await Task.Yield();
            return await processor.RunAsync(stop, abort).ConfigureAwait(false);
        }
        finally
        {
            _processors.TryRemove(shard.ShardId, out _);
        }
    }

    /// <summary>Caught up: the shards are listed and every running shard is caught up.</summary>
    public string? PendingWork()
    {
        var prefix = $"{Mapping.Kind.ToString().ToLowerInvariant()}:{Mapping.FunctionName}";
        if (_listing)
            return $"{prefix}: listing shards";
        foreach (var processor in _processors.Values)
        {
            if (processor.PendingWork() is { } pending)
                return $"{prefix}: {pending}";
        }

        return null;
    }

    /// <summary>A shard runs once it is not finished and each parent is finished or gone (trimmed).</summary>
    private static bool IsReady(ShardInfo shard, IReadOnlyList<ShardInfo> shards, Dictionary<string, ShardCheckpoint> checkpoints)
    {
        if (checkpoints[shard.ShardId].Ended)
            return false;
        return ParentDone(shard.ParentShardId) && ParentDone(shard.AdjacentParentShardId);

        bool ParentDone(string? parentId) =>
            parentId is null ||
            shards.All(s => s.ShardId != parentId) ||
            (checkpoints.TryGetValue(parentId, out var parent) && parent.Ended);
    }

    /// <summary>Stores a first position for shards the mapping has not seen: the StartingPosition
    /// on the mapping's first look at the stream, the shard's start for shards a reshard made later.</summary>
    private async Task AddNewShardsAsync(IReadOnlyList<ShardInfo> shards, Dictionary<string, ShardCheckpoint> checkpoints, CancellationToken cancellationToken)
    {
        var unseen = shards.Where(s => !checkpoints.ContainsKey(s.ShardId)).ToArray();
        if (unseen.Length == 0)
            return;
        var firstLook = checkpoints.Count == 0;
        var added = unseen.Select(s => new ShardCheckpoint(s.ShardId, firstLook ? StartingPositionOf(s) : null, Ended: false)).ToArray();
        await _services.Checkpoints.AddAsync(Mapping.Uuid, added, cancellationToken).ConfigureAwait(false);
        foreach (var (shardId, checkpoint) in _services.Checkpoints.Read(Mapping.Uuid))
        {
            checkpoints[shardId] = checkpoint;
            _status.Position(shardId, checkpoint.SequenceNumber);
        }
    }

    private string? StartingPositionOf(ShardInfo shard) => Mapping.StartingPosition switch
    {
        KinesisMappingRules.Latest => _services.Streams.LatestSequenceNumber(_source.StreamArn, shard.ShardId),
        KinesisMappingRules.AtTimestamp => _services.Streams.PositionAtTimestamp(_source.StreamArn, shard.ShardId,
            Mapping.StartingPositionTimestamp ?? _services.Time.GetUtcNow()),
        _ => null,
    };

    private TimeSpan DrainTimeout()
    {
        var function = _services.Functions.Functions.FirstOrDefault(f => f.Name == Mapping.FunctionName);
        return InvocationLimits.DispatchTimeout(function ?? new FunctionDefinition { Name = Mapping.FunctionName }, _services.Options);
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Stream mapping {Mapping} started: {Stream} → {Function}")]
    private static partial void LogStarted(ILogger logger, string mapping, string stream, string function);

    [LoggerMessage(EventId = 411, Level = LogLevel.Information, Message = "Stream mapping {Mapping} stopped")]
    private static partial void LogStopped(ILogger logger, string mapping);

    [LoggerMessage(EventId = 412, Level = LogLevel.Warning, Message = "Stream mapping {Mapping} cannot list the shards of {Stream}: {Error}")]
    private static partial void LogListFailed(ILogger logger, string mapping, string stream, string error);

    [LoggerMessage(EventId = 413, Level = LogLevel.Error, Message = "Stream mapping {Mapping}: shard {ShardId} stopped ({Failures} failures in a row); it restarts from its checkpoint")]
    private static partial void LogShardFailed(ILogger logger, string mapping, string shardId, int failures, Exception? exception);

    [LoggerMessage(EventId = 414, Level = LogLevel.Error, Message = "Stream mapping {Mapping}: a shard failed while stopping")]
    private static partial void LogStopFailed(ILogger logger, string mapping, Exception exception);
}
