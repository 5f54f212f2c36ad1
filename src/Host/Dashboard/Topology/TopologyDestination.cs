namespace Platform.Host.Dashboard.Topology;

/// <summary>Where an edge's events end when they fail (or succeed): <see cref="Role"/> is <c>onFailure</c>,
/// <c>onSuccess</c> or <c>deadLetterQueue</c>; <see cref="Depth"/> the messages waiting there, when it is a queue.</summary>
public sealed record TopologyDestination(string Role, string Target, long? Depth);
