using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.Triggers;

/// <summary>Degraded while any poller keeps failing (its source or the dispatch is down).</summary>
public sealed class TriggersHealthCheck(TriggerSupervisor supervisor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = supervisor.Health;
        if (health.Healthy)
            return Task.FromResult(HealthCheckResult.Healthy($"{health.Pollers.Count} pollers running"));

        var failing = health.Pollers.Where(p => !p.Healthy).Select(p => $"{p.Name}: {p.LastError}").ToArray();
        return Task.FromResult(health.Running
            ? HealthCheckResult.Degraded(string.Join("; ", failing))
            : HealthCheckResult.Unhealthy("The trigger supervisor is not running."));
    }
}
