using Microsoft.Extensions.Logging;

namespace Platform.Host.Composition;

/// <summary>The `platform up` options, after defaults.</summary>
public sealed record PlatformSettings
{
    public required PlatformConfigSource Config { get; init; }
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Host names the edge answers besides its own (--allowed-hosts): a browser page can
    /// rebind any other name to 127.0.0.1, so the edge refuses names it was not told about.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Verify AWS Signature V4 on every API (--auth sigv4); null: on exactly when <see cref="Host"/>
    /// is not a loopback address, since then other machines can reach the APIs.</summary>
    public bool? RequireSignatures { get; init; }

    /// <summary>Access key id → secret key, for signature checks (--access-key / PLATFORM_ACCESS_KEYS).</summary>
    public IReadOnlyDictionary<string, string> AccessKeys { get; init; } = new Dictionary<string, string>();

    public bool SignaturesRequired => RequireSignatures ?? !IsLoopback(Host);

    private static bool IsLoopback(string host) =>
        host is "localhost" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = 4566;
    public string DataDir { get; init; } = ".platform-data";
    public bool InMemory { get; init; }
    public bool Fsync { get; init; }

    /// <summary>Information logs one line per invocation; Warning keeps only problems.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>How long Ctrl+C waits for in-flight invocations before releasing them.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock of every time rule (retry delays, visibility timeouts, windows, TTL): the
    /// system's, or a test host's virtual clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where traces, metrics and logs go over OTLP (--otlp-endpoint; else OTEL_EXPORTER_OTLP_ENDPOINT);
    /// null: nowhere, and the OpenTelemetry SDK is not loaded.</summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary>The OTLP endpoint in effect: the option, else the standard variable; null when neither is set.</summary>
    public string? EffectiveOtlpEndpoint =>
        !string.IsNullOrWhiteSpace(OtlpEndpoint) ? OtlpEndpoint
        : Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } variable ? variable : null;

    /// <summary>In memory (default) or RabbitMQ, and whether this process runs the functions.</summary>
    public DispatchOptions Dispatch { get; init; } = DispatchOptions.InMemory;
}
