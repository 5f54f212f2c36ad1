using Microsoft.Extensions.Logging;
using Platform.Host.Composition;

namespace Platform.Host.Workers;

/// <summary>The `platform worker` options, after defaults.</summary>
public sealed record WorkerSettings
{
    /// <summary>The same platform.yaml as `platform up`'s: the worker runs its functions.</summary>
    public required PlatformConfigSource Config { get; init; }

    /// <summary>The broker `platform up` dispatches through.</summary>
    public required Uri Broker { get; init; }

    /// <summary>`platform up`'s edge URL, given to functions as AWS_ENDPOINT_URL (they call its S3, SQS…).</summary>
    public string PlatformUrl { get; init; } = "http://localhost:4566";

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>How long SIGTERM waits for running invocations; those still running after it are
    /// left unacknowledged and the broker hands them to another worker.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>OTLP export of the worker's function spans, metrics and logs (--otlp-endpoint; else
    /// OTEL_EXPORTER_OTLP_ENDPOINT); null: none, and the SDK is not loaded.</summary>
    public string? OtlpEndpoint { get; init; }

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);
}
