namespace Platform.Host.Dashboard.Topology;

/// <summary>
/// One kind of event source's part of the topology: each of its notifications, mappings or
/// subscriptions as an edge from a source to a function. A new source (SNS topics, EventBridge rules)
/// joins the dashboard with one registration: <c>services.AddSingleton&lt;ITopologySource, …&gt;()</c>.
/// </summary>
public interface ITopologySource
{
    IEnumerable<TopologyEdge> Edges();
}
