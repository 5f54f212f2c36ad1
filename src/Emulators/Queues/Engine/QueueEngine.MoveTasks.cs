using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Queues.Engine;

public sealed partial class QueueEngine
{
    private const int MaxMovePerSecond = 500;
    // Without a rate limit ("system optimized") a step moves this many messages in one commit.
    private const int UnlimitedMoveStep = 100;
    private readonly ConcurrentDictionary<string, MessageMoveTaskState> _moveTasks = new(StringComparer.Ordinal);

    /// <summary>SQS StartMessageMoveTask: moves the messages of dead-letter queue
    /// <paramref name="sourceArn"/> back to the queues they came from, or to
    /// <paramref name="destinationArn"/>, at most <paramref name="maxNumberOfMessagesPerSecond"/>
    /// per second (null: as fast as commits go). Each step moves its messages in one commit, so a
    /// crash or cancel never loses or duplicates one. Returns the task handle.</summary>
    public string StartMessageMoveTask(string sourceArn, string? destinationArn = null, int? maxNumberOfMessagesPerSecond = null)
    {
        ArgumentNullException.ThrowIfNull(sourceArn);
        var source = FindByArn(sourceArn, allowInternal: false)
                     ?? throw QueueErrors.ResourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
        if (maxNumberOfMessagesPerSecond is < 1 or > MaxMovePerSecond)
            throw QueueErrors.InvalidParameter("MaxNumberOfMessagesPerSecond",
                maxNumberOfMessagesPerSecond.Value.ToString(CultureInfo.InvariantCulture), "Must be between 1 and 500.");
        var isDeadLetterQueue = _queues.Values.Any(q => q.Settings.Redrive is { } r &&
                                                        FindByArn(r.DeadLetterTargetArn, allowInternal: true)?.Id == source.Id);
        if (!isDeadLetterQueue)
            throw QueueErrors.InvalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
        QueueInfo? destination = null;
        if (destinationArn is not null)
        {
            destination = FindByArn(destinationArn, allowInternal: false)
                          ?? throw QueueErrors.ResourceNotFound("The resource that you specified for the DestinationArn parameter doesn't exist.");
            if (destination.Id == source.Id || destination.Settings.Fifo != source.Settings.Fifo)
                throw QueueErrors.InvalidParameterValue("The destination must be another queue of the same type as the source.");
        }

        foreach (var existing in _moveTasks.Values)
        {
            if (existing.SourceQueueId == source.Id && existing.Snapshot.Status is MessageMoveTaskStatus.Running or MessageMoveTaskStatus.Cancelling)
                throw QueueErrors.InvalidParameterValue(
                    "There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
        }

        var now = NowMs;
        var (lastRow, toMove) = _database.Read(connection =>
        {
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT COALESCE(MAX(id), 0), COUNT(*) FROM sqs_messages WHERE queue_id = $q AND enqueued_ms > $expired";
            count.Set("$q", source.Id);
            count.Set("$expired", ExpiredBefore(source, now));
            using var reader = count.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1));
        });

        var handle = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("N") + ":" + QueueNames.Arn(Options, source.Name)));
        var state = new MessageMoveTaskState(new MessageMoveTask
        {
            TaskHandle = handle,
            Status = MessageMoveTaskStatus.Running,
            SourceArn = QueueNames.Arn(Options, source.Name),
            DestinationArn = destination is null ? null : QueueNames.Arn(Options, destination.Name),
            MaxNumberOfMessagesPerSecond = maxNumberOfMessagesPerSecond,
            ApproximateNumberOfMessagesToMove = toMove,
            StartedTimestamp = FromMs(now),
        }, source.Id, lastRow, destination?.Id);
        _moveTasks[handle] = state;
        _ = Task.Run(() => RunMoveTaskAsync(state));
        return handle;
    }

    /// <summary>SQS ListMessageMoveTasks: the newest <paramref name="maxResults"/> (1–10, default 1)
    /// tasks of a source queue. Only a running task shows its handle, as in SQS.</summary>
    public IReadOnlyList<MessageMoveTask> ListMessageMoveTasks(string sourceArn, int? maxResults = null)
    {
        ArgumentNullException.ThrowIfNull(sourceArn);
        var source = FindByArn(sourceArn, allowInternal: false)
                     ?? throw QueueErrors.ResourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
        if (maxResults is < 1 or > 10)
            throw QueueErrors.InvalidParameter("MaxResults", maxResults.Value.ToString(CultureInfo.InvariantCulture),
                "Must be between 1 and 10.");
        var tasks = new List<MessageMoveTask>();
        foreach (var state in _moveTasks.Values)
        {
            if (state.SourceQueueId == source.Id)
                tasks.Add(state.Snapshot);
        }

        tasks.Sort((a, b) => b.StartedTimestamp.CompareTo(a.StartedTimestamp));
        var result = new List<MessageMoveTask>();
        foreach (var task in tasks)
        {
            if (result.Count == (maxResults ?? 1))
                break;
            result.Add(task.Status == MessageMoveTaskStatus.Running ? task : task with { TaskHandle = "" });
        }

        return result;
    }

    /// <summary>SQS CancelMessageMoveTask: stops a running task after its current step; messages
    /// already moved stay moved. Returns how many were moved.</summary>
    public long CancelMessageMoveTask(string taskHandle)
    {
        ArgumentNullException.ThrowIfNull(taskHandle);
        if (!_moveTasks.TryGetValue(taskHandle, out var state))
            throw QueueErrors.ResourceNotFound("Task does not exist.");
        var moved = 0L;
        var wasRunning = false;
        state.Update(task =>
        {
            moved = task.ApproximateNumberOfMessagesMoved;
            wasRunning = task.Status == MessageMoveTaskStatus.Running;
            return wasRunning ? task with { Status = MessageMoveTaskStatus.Cancelling } : task;
        });
        if (!wasRunning)
            throw QueueErrors.UnsupportedOperation("Only a task in RUNNING status can be cancelled.");
        state.Cancellation.Cancel();
        return moved;
    }

    /// <summary>Completes when the task has stopped (completed, cancelled or failed): for tests and
    /// shutdown, so nobody polls ListMessageMoveTasks in a loop.</summary>
    public Task WaitForMessageMoveTaskAsync(string taskHandle, CancellationToken cancellationToken = default) =>
        _moveTasks.TryGetValue(taskHandle, out var state)
            ? state.Finished.Task.WaitAsync(cancellationToken)
            : throw QueueErrors.ResourceNotFound("Task does not exist.");

    private async Task RunMoveTaskAsync(MessageMoveTaskState state)
    {
        var cancel = state.Cancellation.Token;
        var rate = state.Snapshot.MaxNumberOfMessagesPerSecond;
        var started = _time.GetUtcNow();
        long moved = 0;
        var finalStatus = MessageMoveTaskStatus.Completed;
        string? failure = null;
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                if (rate is { } perSecond)
                {
                    // Pace by the total so far: message n may move n/rate seconds after the start.
                    var due = started + TimeSpan.FromSeconds((double)moved / perSecond);
                    var wait = due - _time.GetUtcNow();
                    if (wait > TimeSpan.Zero)
                        await Task.Delay(wait, _time, cancel).ConfigureAwait(false);
                }

                var step = rate is { } r ? Math.Min(r, 10) : UnlimitedMoveStep;
                var (count, destinations) = await _database.WriteAsync(connection => MoveStep(connection, state, step), CancellationToken.None)
                    .ConfigureAwait(false);
                foreach (var destination in destinations)
                    Signal(destination).Notify();
                if (count == 0)
                    break;
                moved += count;
                var total = moved;
                state.Update(task => task with { ApproximateNumberOfMessagesMoved = total });
            }

            if (cancel.IsCancellationRequested)
                finalStatus = MessageMoveTaskStatus.Cancelled;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            finalStatus = MessageMoveTaskStatus.Cancelled;
        }
        catch (Exception e) when (e is QueueException or SqliteException or ObjectDisposedException)
        {
            finalStatus = MessageMoveTaskStatus.Failed;
            failure = e.Message;
        }
        finally
        {
            state.Update(task => task with { Status = finalStatus, FailureReason = failure });
            state.Finished.TrySetResult();
        }
    }

    /// <summary>One commit's worth of moves: each chosen message leaves the dead-letter queue and
    /// arrives, visible and with a fresh receive count, in its destination in the same commit.</summary>
    private (int Count, List<long> Destinations) MoveStep(SqliteConnection connection, MessageMoveTaskState state, int limit)
    {
        if (!_queues.Values.Any(q => q.Id == state.SourceQueueId))
            return (0, []);
        var source = _queues.Values.First(q => q.Id == state.SourceQueueId);
        var now = NowMs;
        var select = _commands.Get(connection, """
            SELECT id, dead_letter_source FROM sqs_messages
            WHERE queue_id = $q AND id <= $last AND visible_ms <= $now AND enqueued_ms > $expired
            ORDER BY id LIMIT $limit
            """);
        select.Set("$q", state.SourceQueueId);
        select.Set("$last", state.LastRowId);
        select.Set("$now", now);
        select.Set("$expired", ExpiredBefore(source, now));
        select.Set("$limit", limit);
        var chosen = new List<(long Row, long Destination)>();
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                var destination = state.DestinationQueueId
                                  ?? (reader.IsDBNull(1) ? null : FindByArn(reader.GetString(1), allowInternal: false)?.Id)
                                  ?? throw QueueErrors.InvalidParameterValue(
                                      "A message has no source queue to return to (it was not dead-lettered, or its source queue is gone): give a DestinationArn.");
                chosen.Add((reader.GetInt64(0), destination));
            }
        }

        var destinations = new List<long>();
        foreach (var (row, destination) in chosen)
        {
            // Arrives like a new message (receive count and retention restart), keeping its id and body.
            var move = _commands.Get(connection, """
                UPDATE sqs_messages
                SET queue_id = $dest, visible_ms = $now, enqueued_ms = $now, receive_count = 0, first_receive_ms = NULL,
                    receipt = 0, dead_letter_source = NULL
                WHERE id = $id
                """);
            move.Set("$dest", destination);
            move.Set("$now", now);
            move.Set("$id", row);
            move.ExecuteNonQuery();
            if (!destinations.Contains(destination))
                destinations.Add(destination);
        }

        return (chosen.Count, destinations);
    }
}
