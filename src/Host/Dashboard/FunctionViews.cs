using Microsoft.AspNetCore.Http;
using Platform.Host.Dashboard.History;
using Platform.Triggers;
using Platform.Triggers.Mappings;
using static Platform.Host.Admin.AdminJson;

namespace Platform.Host.Dashboard;

/// <summary>
/// /_platform/functions/{name}: one function's configuration — where its code is, its environment
/// (values masked unless <c>?reveal=NAME</c> asks for one), the slots in use and its last errors from
/// the history. POST <c>…/invoke</c> is the test-invoke box. POST <c>/_platform/mappings/{uuid}/enable</c>
/// or <c>/disable</c> switches an event source mapping, as UpdateEventSourceMapping's Enabled does.
/// </summary>
internal sealed class FunctionViews(IFunctionCatalog catalog, TriggerSupervisor triggers, InvocationHistory history,
    EventSourceMappingStore mappings)
{
    private const string Mask = "••••••";

    public Task DetailAsync(HttpContext context, string name)
    {
        var function = catalog.Functions.LastOrDefault(f => f.Name == name) ?? throw DashboardRequest.NotFound($"Function {name} is not deployed.");
        var reveal = context.Request.Query["reveal"].FirstOrDefault();
        var errors = history.Query(new InvocationQuery { Function = name, Outcome = null, Limit = 200 })
            .Where(r => r.Entry.Outcome != Contracts.Dispatch.InvocationOutcome.Succeeded).Take(5).ToList();
        return WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("name", function.Name);
            json.WriteString("runtime", function.Runtime);
            WriteOptional(json, "handler", function.Handler);
            WriteOptional(json, "code", function.CodeDirectory ?? function.Assembly ?? (function.Command is { } command ? string.Join(' ', command) : null));
            json.WriteString("isolation", function.Isolation);
            json.WriteNumber("timeoutSeconds", function.Timeout.TotalSeconds);
            json.WriteNumber("memory", function.MemorySize);
            json.WriteNumber("concurrency", function.Concurrency);
            json.WriteNumber("slotsInUse", triggers.InFlight(function.Name));
            json.WriteStartObject("environment");
            foreach (var (key, value) in function.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
                json.WriteString(key, key == reveal ? value : Mask);
            json.WriteEndObject();
            json.WriteStartArray("lastErrors");
            foreach (var error in errors)
                InvocationJson.Write(json, error, logs: false);
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    public async Task SetMappingEnabledAsync(HttpContext context, string uuid, bool enabled)
    {
        var mapping = mappings.Get(uuid) ?? throw DashboardRequest.NotFound($"No event source mapping {uuid}.");
        var stored = mapping.Enabled == enabled ? mapping : await mappings.PutAsync(mapping with { Enabled = enabled }, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("uuid", stored.Uuid);
            json.WriteString("state", stored.Enabled ? "Enabled" : "Disabled");
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
