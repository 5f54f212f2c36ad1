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

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = 4566;
    public string DataDir { get; init; } = ".platform-data";
    public bool InMemory { get; init; }
    public bool Fsync { get; init; }

    /// <summary>Information logs one line per invocation; Warning keeps only problems.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>How long Ctrl+C waits for in-flight invocations before releasing them.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>In memory (default) or RabbitMQ, and whether this process runs the functions.</summary>
    public DispatchOptions Dispatch { get; init; } = DispatchOptions.InMemory;
}
