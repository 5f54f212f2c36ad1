using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.Edge;
using Platform.Triggers;
using Platform.Triggers.Routing;

namespace Platform.Host.Admin;

/// <summary>/_platform: health, functions with their triggers, and the invocation log, as JSON.</summary>
internal static class PlatformAdminEndpoints
{
    private const int MaxWaitSeconds = 60;

    public static IEndpointRouteBuilder MapPlatformAdmin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_platform/health", Health);
        app.MapGet("/_platform/functions", Functions);
        app.MapGet("/_platform/invocations", Invocations);
        return app;
    }

    private static IResult Health(IEnumerable<IEdgeService> apis, TriggerSupervisor triggers)
    {
        var health = triggers.Health;
        var services = apis.ToDictionary(a => a.Name, _ => "up");
        services["triggers"] = health.Healthy ? "up" : health.Running ? "degraded" : "starting";
        services["runtime"] = "up";
        var ready = health.Running;
        return Results.Json(new
        {
            status = ready ? "ready" : "starting",
            services,
            pollers = health.Pollers,
        }, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult Functions(IFunctionCatalog catalog, TriggerSupervisor triggers) =>
        Results.Json(catalog.Functions.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => new
        {
            name = f.Name,
            runtime = f.Runtime,
            handler = f.Handler,
            timeoutSeconds = f.Timeout.TotalSeconds,
            concurrency = f.Concurrency,
            slotsInUse = triggers.InFlight(f.Name),
            async = new
            {
                f.Async.MaximumRetryAttempts,
                f.Async.MaximumEventAgeInSeconds,
                retryDelaysSeconds = f.Async.RetryDelays.Select(d => d.TotalSeconds),
                onFailure = f.Async.OnFailureDestination,
            },
            triggers = triggers.BindingsOf(f.Name).Select(b => new
            {
                id = b.Id,
                source = b.Trigger,
                events = b.Events,
                prefix = b.Prefix,
                suffix = b.Suffix,
                position = b.Position,
                healthy = b.Healthy,
                lastError = b.LastError,
            }),
        }));

    /// <summary>
    /// Newest first. <c>?function=NAME</c> filters, <c>?outcome=Succeeded|Failed|TimedOut</c> too,
    /// <c>?limit=N</c> caps (default 100). With <c>?minCount=N&amp;waitSeconds=S</c> the request is held
    /// until N matching invocations exist or S seconds pass — scripts and tests wait on this instead
    /// of sleeping.
    /// </summary>
    private static async Task<IResult> Invocations(HttpRequest request, InvocationLog log, CancellationToken cancellationToken)
    {
        var function = request.Query["function"].FirstOrDefault();
        var outcome = request.Query["outcome"].FirstOrDefault();
        var limit = Number(request, "limit", 100);
        var minCount = Number(request, "minCount", 0);
        var wait = TimeSpan.FromSeconds(Math.Clamp(Number(request, "waitSeconds", 0), 0, MaxWaitSeconds));

        IReadOnlyList<InvocationLogEntry> Matching() => log.Query(function, Math.Max(limit, minCount))
            .Where(e => outcome is null || string.Equals(e.Outcome.ToString(), outcome, StringComparison.OrdinalIgnoreCase))
            .ToList();

        var entries = Matching();
        if (entries.Count < minCount && wait > TimeSpan.Zero)
        {
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
        }

        return Results.Json(entries.Take(Math.Max(limit, minCount)).Select(e => new
        {
            requestId = e.RequestId,
            function = e.Function,
            trigger = e.Trigger,
            attempt = e.Attempt,
            outcome = e.Outcome.ToString(),
            startedAt = e.StartedAt,
            durationMs = e.DurationMs,
            error = e.Error,
            worker = e.Worker,
        }));
    }

    private static int Number(HttpRequest request, string name, int fallback) =>
        int.TryParse(request.Query[name].FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : fallback;
}
