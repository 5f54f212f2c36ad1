using System.Globalization;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;
using Platform.Host.Composition;
using Platform.Host.Workers;
using Platform.Triggers;
using Platform.Triggers.Dispatch;
using Platform.Triggers.Mappings;

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
    InvocationLog log,
    WorkerDirectory workers,
    DispatchOptions dispatchOptions,
    Platform.Emulators.State.DiskSpace disk)
{
    private const int MaxWaitSeconds = 60;

    public static bool Claims(HttpRequest request) => request.Path.StartsWithSegments("/_platform", StringComparison.Ordinal);

    public Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
            return Problem(context, StatusCodes.Status405MethodNotAllowed, "Only GET is supported on /_platform.");

        return context.Request.Path.Value switch
        {
            "/_platform/health" => HealthAsync(context),
            "/_platform/functions" => FunctionsAsync(context),
            "/_platform/invocations" => InvocationsAsync(context),
            "/_platform/workers" => WorkersAsync(context),
            _ => Problem(context, StatusCodes.Status404NotFound, "Known: /_platform/health, /_platform/functions, /_platform/invocations, /_platform/workers."),
        };
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
                json.WriteStartArray("events");
                foreach (var name in binding.Events)
                    json.WriteStringValue(name);
                json.WriteEndArray();
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
            json.WriteStartArray("functionResponseTypes");
            foreach (var type in mapping.FunctionResponseTypes)
                json.WriteStringValue(type);
            json.WriteEndArray();
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
            json.WriteStartArray("functions");
            foreach (var name in heartbeat.Functions)
                json.WriteStringValue(name);
            json.WriteEndArray();
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

    /// <summary>
    /// Newest first. <c>?function=NAME</c> filters, <c>?outcome=Succeeded|Failed|TimedOut</c> too,
    /// <c>?limit=N</c> caps (default 100). With <c>?minCount=N&amp;waitSeconds=S</c> the request is held
    /// until N matching invocations exist or S seconds pass — scripts and tests wait on this instead
    /// of sleeping.
    /// </summary>
    private async Task InvocationsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var function = query["function"].FirstOrDefault();
        var outcome = query["outcome"].FirstOrDefault();
        var limit = Number(query["limit"], 100);
        var minCount = Number(query["minCount"], 0);
        var wait = TimeSpan.FromSeconds(Math.Clamp(Number(query["waitSeconds"], 0), 0, MaxWaitSeconds));

        var entries = await WaitForEntriesAsync(function, outcome, Math.Max(limit, minCount), minCount, wait, context.RequestAborted);
        await WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartArray();
            foreach (var entry in entries)
            {
                json.WriteStartObject();
                json.WriteString("requestId", entry.RequestId);
                json.WriteString("function", entry.Function);
                json.WriteString("trigger", entry.Trigger);
                json.WriteNumber("attempt", entry.Attempt);
                json.WriteString("outcome", entry.Outcome.ToString());
                json.WriteString("startedAt", entry.StartedAt);
                json.WriteNumber("durationMs", Math.Round(entry.DurationMs, 3));
                WriteOptional(json, "error", entry.Error);
                WriteOptional(json, "worker", entry.Worker);
                WriteOptional(json, "logs", entry.Logs);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    private async Task<IReadOnlyList<InvocationLogEntry>> WaitForEntriesAsync(string? function, string? outcome, int limit,
        int minCount, TimeSpan wait, CancellationToken cancellationToken)
    {
        IReadOnlyList<InvocationLogEntry> Matching() => log.Query(function, limit)
            .Where(e => outcome is null || string.Equals(e.Outcome.ToString(), outcome, StringComparison.OrdinalIgnoreCase))
            .ToList();

        var entries = Matching();
        if (entries.Count >= minCount || wait <= TimeSpan.Zero)
            return entries;

        using var added = new SemaphoreSlim(0);
        void OnAdded(InvocationLogEntry _) => added.Release();
        log.Added += OnAdded;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(wait);
            while ((entries = Matching()).Count < minCount)
                await added.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            entries = Matching();
        }
        finally
        {
            log.Added -= OnAdded;
        }

        return entries;
    }

    private static Task Problem(HttpContext context, int status, string message) => WriteAsync(context, status, json =>
    {
        json.WriteStartObject();
        json.WriteString("error", message);
        json.WriteEndObject();
    });

    private static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        write(json);
        await json.FlushAsync(context.RequestAborted);
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
            json.WriteNull(name);
        else
            json.WriteString(name, value);
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } time)
            json.WriteString(name, time);
        else
            json.WriteNull(name);
    }

    private static int Number(Microsoft.Extensions.Primitives.StringValues value, int fallback) =>
        int.TryParse(value.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : fallback;
}
