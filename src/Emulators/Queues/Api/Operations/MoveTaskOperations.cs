using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Queues.Api.Operations;

/// <summary>Dead-letter queue redrive: SQS's message move task operations.</summary>
internal sealed class MoveTaskOperations(QueueEngine engine)
{
    public StartMessageMoveTaskResponse Start(StartMessageMoveTaskRequest request) =>
        new(engine.StartMessageMoveTask(Require.Value(request.SourceArn, "SourceArn"),
            string.IsNullOrEmpty(request.DestinationArn) ? null : request.DestinationArn, request.MaxNumberOfMessagesPerSecond));

    public ListMessageMoveTasksResponse List(ListMessageMoveTasksRequest request)
    {
        var tasks = engine.ListMessageMoveTasks(Require.Value(request.SourceArn, "SourceArn"), request.MaxResults);
        var results = new List<MessageMoveTaskDto>(tasks.Count);
        foreach (var task in tasks)
        {
            results.Add(new MessageMoveTaskDto
            {
                TaskHandle = task.TaskHandle.Length == 0 ? null : task.TaskHandle,
                Status = task.Status,
                SourceArn = task.SourceArn,
                DestinationArn = task.DestinationArn,
                MaxNumberOfMessagesPerSecond = task.MaxNumberOfMessagesPerSecond,
                ApproximateNumberOfMessagesMoved = task.ApproximateNumberOfMessagesMoved,
                ApproximateNumberOfMessagesToMove = task.ApproximateNumberOfMessagesToMove,
                FailureReason = task.FailureReason,
                StartedTimestamp = task.StartedTimestamp.ToUnixTimeMilliseconds(),
            });
        }

        return new ListMessageMoveTasksResponse(results);
    }

    public CancelMessageMoveTaskResponse Cancel(CancelMessageMoveTaskRequest request) =>
        new(engine.CancelMessageMoveTask(Require.Value(request.TaskHandle, "TaskHandle")));
}
