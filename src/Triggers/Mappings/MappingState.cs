namespace Platform.Triggers.Mappings;

/// <summary>A mapping as the supervisor runs it, for /_platform and the Lambda API: its definition,
/// whether a worker runs it now, and that worker's status (or why none runs).</summary>
public sealed record MappingState(EventSourceMapping Mapping, bool Running, MappingStatus Status)
{
    /// <summary>Lambda's State: Enabled or Disabled.</summary>
    public string State => Mapping.Enabled ? "Enabled" : "Disabled";
}
