namespace Platform.Host.Composition;

/// <summary>
/// Which transport carries invocations from the triggers to the runtime: MassTransit's in-memory
/// transport (one process, the default) or RabbitMQ (`--transport rabbitmq://user:pass@host:port/vhost`,
/// or PLATFORM_TRANSPORT), where `platform worker` processes run the functions.
/// </summary>
public sealed record DispatchOptions
{
    /// <summary>The environment variable read when <c>--transport</c> is not given.</summary>
    public const string EnvironmentVariable = "PLATFORM_TRANSPORT";

    public static DispatchOptions InMemory { get; } = new();

    /// <summary>The broker, or null for the in-memory transport.</summary>
    public Uri? RabbitMq { get; init; }

    /// <summary>Whether this process consumes invocations itself. Always with the in-memory transport;
    /// with RabbitMQ only when asked (`up --run-functions`): workers run them.</summary>
    public bool RunsFunctions { get; init; } = true;

    /// <summary>
    /// How much longer than the function's timeout a trigger waits for the outcome. In one process a
    /// request starts at once; through a broker it may wait on the queue while the function's workers
    /// are busy or absent, and it is run a second time when a worker dies mid-invocation — so the
    /// allowance is larger. A request that was never started expires with it (its time-to-live).
    /// </summary>
    public TimeSpan InvokeTimeoutMargin => RabbitMq is null ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(30);

    /// <summary>For logs and /_platform: the transport without its password.</summary>
    public string Description => RabbitMq is not { } uri
        ? "in-memory"
        : new UriBuilder(uri) { Password = uri.UserInfo.Contains(':', StringComparison.Ordinal) ? "***" : "" }.Uri.ToString();

    /// <summary>
    /// <paramref name="transport"/> is <c>in-memory</c> (or empty) or
    /// <c>rabbitmq://user:pass@host[:port][/vhost]</c> (also <c>amqp://</c>); throws
    /// <see cref="ArgumentException"/> with a message that says what is accepted.
    /// </summary>
    public static DispatchOptions Parse(string? transport, bool runFunctions)
    {
        if (string.IsNullOrWhiteSpace(transport) || transport is "in-memory" or "memory" or "inmemory")
            return InMemory;

        if (!Uri.TryCreate(transport, UriKind.Absolute, out var uri) || uri.Scheme is not ("rabbitmq" or "amqp") || uri.Host.Length == 0)
            throw new ArgumentException($"--transport '{transport}' is not understood: use 'in-memory' (the default) or " +
                                        "'rabbitmq://user:password@host:5672/vhost' (vhost optional, '/' by default).");
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new ArgumentException($"--transport '{transport}': a query or fragment is not supported; " +
                                        "use 'rabbitmq://user:password@host:5672/vhost'.");
        return new DispatchOptions { RabbitMq = uri, RunsFunctions = runFunctions };
    }
}
