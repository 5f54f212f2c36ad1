using Platform.Emulators.Queues.Engine;

namespace Platform.Host.Dashboard.Topology;

/// <summary>Queue figures for topology sources: depth by name or ARN, and a queue's dead-letter queue.</summary>
public sealed class QueueDepths(QueueEngine queues)
{
    /// <summary>Visible + in-flight + delayed, or null when the target is not a queue of this platform.</summary>
    public long? Depth(string? queueNameOrArn)
    {
        if (queueNameOrArn is null || !queues.QueueExists(queueNameOrArn))
            return null;
        var (visible, inFlight, delayed) = queues.CountMessages(queueNameOrArn);
        return visible + inFlight + delayed;
    }

    public (long Visible, long InFlight) Split(string queueNameOrArn)
    {
        var (visible, inFlight, _) = queues.CountMessages(queueNameOrArn);
        return (visible, inFlight);
    }

    /// <summary>The name of the queue's RedrivePolicy target, if it has one.</summary>
    public string? DeadLetterQueue(string queueNameOrArn)
    {
        if (!queues.QueueExists(queueNameOrArn))
            return null;
        var attributes = queues.GetQueueAttributes(queueNameOrArn, [QueueAttributeNames.RedrivePolicy]);
        if (!attributes.TryGetValue(QueueAttributeNames.RedrivePolicy, out var policy))
            return null;
        using var document = System.Text.Json.JsonDocument.Parse(policy);
        var arn = document.RootElement.GetProperty("deadLetterTargetArn").GetString()!;
        return arn[(arn.LastIndexOf(':') + 1)..];
    }

    public static string NameOf(string arnOrName) => arnOrName[(arnOrName.LastIndexOf(':') + 1)..];
}
