using Microsoft.AspNetCore.Http;
using Platform.Host.Dashboard.History;
using static Platform.Host.Admin.AdminJson;

namespace Platform.Host.Dashboard.Topology;

/// <summary>/_platform/topology: every registered <see cref="ITopologySource"/>'s edges, each with its
/// invocations and errors of the last minute from the history.</summary>
internal sealed class TopologyView(IEnumerable<ITopologySource> sources, InvocationHistory history, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public Task WriteAsync(HttpContext context)
    {
        var edges = sources.SelectMany(s => s.Edges()).ToList();
        var counts = history.CountSince(time.GetUtcNow() - Window);
        return Write(context, edges, counts);
    }

    private static Task Write(HttpContext context, List<TopologyEdge> edges,
        IReadOnlyDictionary<(string Function, string Trigger), (long Invocations, long Errors)> counts) =>
        Admin.AdminJson.WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("edges");
            foreach (var edge in edges)
            {
                json.WriteStartObject();
                json.WriteString("sourceKind", edge.SourceKind);
                json.WriteString("source", edge.Source);
                json.WriteString("trigger", edge.Trigger);
                json.WriteString("viaKind", edge.ViaKind);
                json.WriteString("viaId", edge.ViaId);
                json.WriteString("state", edge.State);
                json.WriteBoolean("healthy", edge.Healthy);
                WriteOptional(json, "lastError", edge.LastError);
                json.WriteBoolean("switchable", edge.Switchable);
                json.WriteString("function", edge.Function);
                json.WriteStartObject("settings");
                foreach (var (name, value) in edge.Settings)
                    json.WriteString(name, value);
                json.WriteEndObject();
                json.WriteStartObject("figures");
                foreach (var (name, value) in edge.Figures)
                    json.WriteNumber(name, value);
                var (invocations, errors) = counts.GetValueOrDefault((edge.Function, edge.Trigger));
                json.WriteNumber("invocationsPerMinute", invocations);
                json.WriteNumber("errorsPerMinute", errors);
                json.WriteEndObject();
                json.WriteStartArray("destinations");
                foreach (var destination in edge.Destinations)
                {
                    json.WriteStartObject();
                    json.WriteString("role", destination.Role);
                    json.WriteString("target", destination.Target);
                    if (destination.Depth is { } depth)
                        json.WriteNumber("depth", depth);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
}
