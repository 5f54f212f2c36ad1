using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;
using Platform.Host.Composition;
using Platform.Host.Workers;
using Platform.Triggers;
using Platform.Triggers.Mappings;
using static Platform.Host.Admin.AdminJson;

namespace Platform.Host.Admin;

/// <summary>
/// /_platform: health, functions with their triggers, and the invocation log, as JSON. Served
/// without routing or reflection-based serialization, so the first health check after start costs
/// no extra start-up work.
/// </summary>
internal sealed class PlatformAdminApi(
    IEnumerable<IEdgeService> apis,
    IBusControl bus,
    TriggerSupervisor triggers,
    IFunctionCatalog catalog,
    WorkerDirectory workers,
    DispatchOptions dispatchOptions,
    Platform.Emulators.State.DiskSpace disk,
    Dashboard.DashboardApi dashboard)
{
    public static bool Claims(HttpRequest request) => request.Path.StartsWithSegments("/_platform", StringComparison.Ordinal);

    /// <summary>Health, functions and workers are answered here; the invocation history, the dashboard
    /// page and its actions by <see cref="Dashboard.DashboardApi"/>.</summary>
    public Task HandleAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method))
        {
            switch (context.Request.Path.Value)
            {
                case "/_platform/health": return HealthAsync(context);
                case "/_platform/functions": return FunctionsAsync(context);
                case "/_platform/workers": return WorkersAsync(context);
            }
        }

        return dashboard.HandleAsync(context);
    }

    private Task HealthAsync(HttpContext context)
    {
        var health = triggers.Health;
        // The dispatch bus carries every invocation to the runtime: without it nothing runs.
        var dispatch = bus.CheckHealth();
        var ready = health.Running && dispatch.Status == BusHealthStatus.Healthy;
        return WriteAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, json =>
        {
            json.WriteStartObject();
            json.WriteString("status", ready ? "ready" : "starting");
            json.WriteStartObject("services");
            foreach (var api in apis)
                json.WriteString(api.Name, "up");
            json.WriteString("triggers", health.Healthy ? "up" : health.Running ? "degraded" : "starting");
            json.WriteString("dispatch", dispatch.Status == BusHealthStatus.Healthy ? "up" : dispatch.Status.ToString().ToLowerInvariant());
            json.WriteEndObject();
            // "full": writes answer their service's "try later" error; reads and deletes still run.
            json.WriteString("disk", disk.IsFull ? "full" : "ok");
            // Why dispatch is not up (the broker unreachable, a queue missing), as MassTransit says it.
            json.WriteString("transport", dispatchOptions.Description);
            WriteOptional(json, "dispatchDetail", dispatch.Status == BusHealthStatus.Healthy ? null : dispatch.Description);
            json.WriteStartArray("pollers");
            foreach (var poller in health.Pollers)
            {
                json.WriteStartObject();
                json.WriteString("name", poller.Name);
                json.WriteBoolean("running", poller.Running);
                json.WriteBoolean("healthy", poller.Healthy);
                json.WriteNumber("consecutiveFailures", poller.ConsecutiveFailures);
                WriteOptional(json, "lastError", poller.LastError);
                WriteOptional(json, "lastErrorAt", poller.LastErrorAt);
                WriteOptional(json, "lastWorkAt", poller.LastWorkAt);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private Task FunctionsAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status200OK, json =>
    {
        json.WriteStartArray();
        foreach (var function in catalog.Functions.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("name", function.Name);
            json.WriteString("runtime", function.Runtime);
            WriteOptional(json, "handler", function.Handler);
            json.WriteNumber("timeoutSeconds", function.Timeout.TotalSeconds);
            json.WriteNumber("concurrency", function.Concurrency);
            json.WriteNumber("memory", function.MemorySize);
            // Whether `memory` is a limit on this machine (process functions) or only reported.
            json.WriteString("memoryLimit", function.Runtime == "process" || function.Isolation == "process"
                ? Platform.Runtime.Processes.MemoryLimits.Description : "not enforced in-process");
            // Slots held by running invocations and by the receive waiting for the next event.
            json.WriteNumber("slotsInUse", triggers.InFlight(function.Name));
            json.WriteStartObject("async");
            json.WriteNumber("maximumRetryAttempts", function.Async.MaximumRetryAttempts);
            json.WriteNumber("maximumEventAgeInSeconds", function.Async.MaximumEventAgeInSeconds);
            json.WriteStartArray("retryDelaysSeconds");
            foreach (var delay in function.Async.RetryDelays)
                json.WriteNumberValue(delay.TotalSeconds);
            json.WriteEndArray();
            WriteOptional(json, "onFailure", function.Async.OnFailureDestination);
            json.WriteEndObject();
            json.WriteStartArray("triggers");
            foreach (var binding in triggers.BindingsOf(function.Name))
            {
                json.WriteStartObject();
                json.WriteString("id", binding.Id);
                json.WriteString("source", binding.Trigger);
                WriteStrings(json, "events", binding.Events);
                WriteOptional(json, "prefix", binding.Prefix);
                WriteOptional(json, "suffix", binding.Suffix);
                json.WriteNumber("position", binding.Position);
                json.WriteBoolean("healthy", binding.Healthy);
                WriteOptional(json, "lastError", binding.LastError);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteMappings(json, triggers.MappingsOf(function.Name));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    /// <summary>The function's event source mappings (SQS, Kinesis), with Lambda's option names.</summary>
    private static void WriteMappings(Utf8JsonWriter json, IReadOnlyList<MappingState> states)
    {
        json.WriteStartArray("mappings");
        foreach (var state in states)
        {
            var mapping = state.Mapping;
            json.WriteStartObject();
            json.WriteString("uuid", mapping.Uuid);
            json.WriteString("eventSourceArn", mapping.EventSourceArn);
            json.WriteString("state", state.State);
            json.WriteString("origin", mapping.Origin);
            if (mapping.BatchSize is { } batchSize)
                json.WriteNumber("batchSize", batchSize);
            if (mapping.MaximumBatchingWindowInSeconds is { } window)
                json.WriteNumber("maximumBatchingWindowInSeconds", window);
            if (mapping.MaximumConcurrency is { } concurrency)
                json.WriteNumber("maximumConcurrency", concurrency);
            WriteStrings(json, "functionResponseTypes", mapping.FunctionResponseTypes);
            json.WriteNumber("filters", mapping.FilterPatterns.Count);
            json.WriteBoolean("running", state.Running);
            json.WriteBoolean("healthy", state.Status.Healthy);
            WriteOptional(json, "lastError", state.Status.LastError);
            WriteOptional(json, "lastProcessedAt", state.Status.LastProcessedAt);
            json.WriteNumber("inFlightBatches", state.Status.InFlightBatches);
            if (state.Status.IteratorAgeMs is { } age)
                json.WriteNumber("iteratorAgeMs", age);
            if (state.Status.ShardPositions.Count > 0)
            {
                json.WriteStartObject("shardPositions");
                foreach (var (shard, position) in state.Status.ShardPositions)
                    WriteOptional(json, shard, position);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The workers heard from over RabbitMQ (none in memory: this process runs the functions).</summary>
    private Task WorkersAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status200OK, json =>
    {
        json.WriteStartObject();
        json.WriteString("transport", dispatchOptions.Description);
        json.WriteBoolean("runsFunctionsHere", dispatchOptions.RunsFunctions);
        json.WriteStartArray("workers");
        foreach (var (worker, state) in workers.Snapshot())
        {
            var heartbeat = worker.Heartbeat;
            json.WriteStartObject();
            json.WriteString("id", heartbeat.WorkerId);
            json.WriteString("host", heartbeat.Host);
            json.WriteNumber("pid", heartbeat.ProcessId);
            json.WriteString("state", state);
            json.WriteString("startedAt", heartbeat.StartedAt);
            json.WriteString("lastSeenAt", worker.LastSeenAt);
            WriteStrings(json, "functions", heartbeat.Functions);
            json.WriteStartObject("inFlight");
            foreach (var (name, count) in heartbeat.InFlight)
                json.WriteNumber(name, count);
            json.WriteEndObject();
            json.WriteNumber("completed", heartbeat.Completed);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });
}
