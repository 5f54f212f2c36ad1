using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Platform.Emulators.Edge;
using Platform.Emulators.Queues.Engine;
using Platform.Triggers;

namespace Platform.Host.Telemetry;

/// <summary>
/// Traces, metrics and logs over OTLP (Aspire dashboard, Jaeger, an OpenTelemetry Collector) when
/// <c>--otlp-endpoint</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The SDK's assemblies load
/// only through this class, so a platform without an endpoint pays nothing for them: the code
/// elsewhere only uses System.Diagnostics' ActivitySource and Meter, which cost a branch unheard.
/// </summary>
internal static class OtlpTelemetry
{
    /// <summary>The sources and meters the platform's spans and measurements come from.</summary>
    public static readonly string[] Sources = [EdgeTelemetry.SourceName, TriggersTelemetry.SourceName, "Platform.Runtime"];

    public static readonly string[] Meters = [TriggersTelemetry.SourceName, QueueTelemetry.MeterName, PlatformGauges.MeterName];

    /// <summary>OTLP/gRPC unless OTEL_EXPORTER_OTLP_PROTOCOL says http/protobuf, or the endpoint is on
    /// 4318 (OTLP/HTTP's well-known port, where gRPC would fail).</summary>
    public static OtlpExportProtocol ProtocolOf(Uri endpoint, string? protocol) => protocol?.Trim() switch
    {
        "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        "grpc" => OtlpExportProtocol.Grpc,
        _ => endpoint.Port == 4318 ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc,
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Add(IServiceCollection services, string endpoint, string serviceName, bool gauges = true)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new Configuration.ConfigException("--otlp-endpoint", 0,
                $"'{endpoint}' is not an http:// or https:// address; e.g. http://localhost:4317 (OTLP/gRPC) or http://localhost:4318 (OTLP/HTTP).");
        var protocol = ProtocolOf(uri, Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL"));
        if (gauges)
            services.AddSingleton<PlatformGauges>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing.AddSource(Sources))
            .WithMetrics(metrics => metrics.AddMeter(Meters))
            .WithLogging()
            // Each signal to its path under the base address (/v1/traces, /v1/metrics, /v1/logs over HTTP).
            .UseOtlpExporter(protocol, uri);
        // Figures every 10 s rather than the SDK's minute: a dashboard watching a local run should move.
        if (Environment.GetEnvironmentVariable("OTEL_METRIC_EXPORT_INTERVAL") is null)
            services.Configure<MetricReaderOptions>(o => o.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 10_000);
    }

    /// <summary>Creates the gauges once the platform runs: what they read (the topology sources) must
    /// not be built before the functions are loaded and the bus is built from them.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Start(IServiceProvider services) => services.GetRequiredService<PlatformGauges>();
}
