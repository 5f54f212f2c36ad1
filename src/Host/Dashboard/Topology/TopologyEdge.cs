namespace Platform.Host.Dashboard.Topology;

/// <summary>
/// Source → notification/mapping → function → destinations. <see cref="Trigger"/> is the trigger name
/// the invocations of this edge carry (<c>s3:uploads</c>, <c>sqs:orders</c>), which joins the edge to its
/// invocations/min and errors/min. <see cref="Figures"/> are the live numbers the source knows (queue
/// depth, iterator age); <see cref="Settings"/> its options under AWS's names.
/// </summary>
public sealed record TopologyEdge
{
    public required string SourceKind { get; init; }
    public required string Source { get; init; }
    public required string Trigger { get; init; }

    /// <summary><c>notification</c>, <c>mapping</c>, <c>subscription</c>, <c>rule</c>…</summary>
    public required string ViaKind { get; init; }
    public required string ViaId { get; init; }
    public required string State { get; init; }
    public bool Healthy { get; init; } = true;
    public string? LastError { get; init; }

    /// <summary>Whether the dashboard may enable/disable it (POST /_platform/mappings/{ViaId}/…).</summary>
    public bool Switchable { get; init; }

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    public required string Function { get; init; }
    public IReadOnlyList<TopologyDestination> Destinations { get; init; } = [];
    public IReadOnlyDictionary<string, double> Figures { get; init; } = new Dictionary<string, double>();
}
