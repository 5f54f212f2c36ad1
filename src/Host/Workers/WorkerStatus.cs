using Platform.Contracts.Dispatch;

namespace Platform.Host.Workers;

/// <summary>A worker's last heartbeat and when it arrived.</summary>
internal sealed record WorkerStatus(WorkerHeartbeat Heartbeat, DateTimeOffset LastSeenAt);
