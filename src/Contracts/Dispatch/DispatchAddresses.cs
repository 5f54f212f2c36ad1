namespace Platform.Contracts.Dispatch;

/// <summary>Where invocations of a function are sent: one endpoint (queue) per function, so a
/// function's concurrency is its endpoint's concurrency limit — in memory and over RabbitMQ alike.</summary>
public static class DispatchAddresses
{
    public static string QueueName(string functionName) => "invoke-" + functionName;

    public static Uri Address(string functionName) => new("queue:" + QueueName(functionName));
}
