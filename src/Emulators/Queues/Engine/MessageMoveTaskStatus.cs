namespace Platform.Emulators.Queues.Engine;

/// <summary>SQS's message move task states.</summary>
public static class MessageMoveTaskStatus
{
    public const string Running = "RUNNING";
    public const string Cancelling = "CANCELLING";
    public const string Cancelled = "CANCELLED";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
}
