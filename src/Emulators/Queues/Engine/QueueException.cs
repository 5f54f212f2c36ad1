using Platform.Emulators.Edge;

namespace Platform.Emulators.Queues.Engine;

/// <summary>A request the queue engine refuses, with SQS's error code (e.g.
/// <c>AWS.SimpleQueueService.NonExistentQueue</c>, <c>ReceiptHandleIsInvalid</c>,
/// <c>InvalidParameterValue</c>). The API layer maps it to each wire protocol's error shape.</summary>
public sealed class QueueException(string code, string message, int statusCode = 400) : EdgeException(code, message, statusCode)
{
    public int StatusCode => Status;
}
