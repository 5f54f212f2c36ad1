using Platform.Triggers.Pollers;

namespace Platform.Triggers;

/// <summary>The trigger module's state for /_platform/health.</summary>
public sealed record TriggerHealth(bool Running, IReadOnlyList<PollerStatus> Pollers)
{
    public bool Healthy => Running && Pollers.All(p => p.Healthy);
}
