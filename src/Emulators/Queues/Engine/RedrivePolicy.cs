namespace Platform.Emulators.Queues.Engine;

/// <summary>A parsed RedrivePolicy: where a message goes once a receive would push its
/// ApproximateReceiveCount past <paramref name="MaxReceiveCount"/>.</summary>
internal sealed record RedrivePolicy(string DeadLetterTargetArn, int MaxReceiveCount);
