using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Host.Composition;
using Platform.Host.Dashboard;
using Platform.Triggers;
using Platform.Triggers.Dispatch;
using Platform.Triggers.Pollers;

namespace Platform.Testing;

/// <summary>
/// The platform inside a test process: the same composition as <c>platform up</c>
/// (<see cref="PlatformApp"/>), on an ephemeral port, with state in a throw-away directory, functions
/// registered in code, a <see cref="VirtualClock"/> driving every time rule, and AWS SDK clients
/// pointed at it.
/// <code>
/// await using var platform = await PlatformTestHost.StartAsync(p => p
///     .AddFunction&lt;ResizeImage&gt;("resize")
///     .AddBucket("uploads", b => b.Notify("resize", "s3:ObjectCreated:*")));
/// </code>
/// </summary>
public sealed class PlatformTestHost : IAsyncDisposable
{
    /// <summary>The keys the clients sign with (the platform does not check them on loopback).</summary>
    public const string AccessKeyId = "test";
    public const string SecretAccessKey = "test";

    private readonly PlatformApp _app;
    private readonly TriggerSupervisor _triggers;
    private readonly TriggerActivity _activity;
    private readonly PlatformReset _reset;

    private PlatformTestHost(PlatformApp app, VirtualClock clock, InvocationRecorder invocations)
    {
        _app = app;
        Clock = clock;
        Invocations = invocations;
        _triggers = app.Services.GetRequiredService<TriggerSupervisor>();
        _activity = app.Services.GetRequiredService<TriggerActivity>();
        _reset = app.Services.GetRequiredService<PlatformReset>();
    }

    /// <summary>The edge URL every AWS API answers on (<c>http://127.0.0.1:PORT</c>).</summary>
    public Uri Endpoint => _app.Endpoint;

    /// <summary>The edge URL as an SDK's <c>ServiceURL</c> wants it.</summary>
    public string ServiceUrl => _app.Endpoint.ToString().TrimEnd('/');

    public string Region => _app.Config.Region;

    /// <summary>The platform's clock: <see cref="VirtualClock.Advance"/> makes retries, visibility
    /// timeouts, batching windows and ages come due without waiting.</summary>
    public VirtualClock Clock { get; }

    /// <summary>Every invocation since the start or the last <see cref="Reset"/>.</summary>
    public InvocationRecorder Invocations { get; }

    /// <summary>How long <see cref="StartAsync"/> took until the platform served requests.</summary>
    public TimeSpan StartupTime { get; private init; }

    /// <summary>The platform's services (its engines, for assertions beyond the AWS APIs).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>For any other client or process: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
    /// AWS_SECRET_ACCESS_KEY, AWS_REGION and AWS_DEFAULT_REGION.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL"] = ServiceUrl,
        ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
        ["AWS_REGION"] = Region,
        ["AWS_DEFAULT_REGION"] = Region,
    };

    public static async Task<PlatformTestHost> StartAsync(Action<PlatformTestBuilder> configure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var started = Stopwatch.StartNew();
        var builder = new PlatformTestBuilder();
        configure(builder);
        var clock = new VirtualClock();
        var invocations = new InvocationRecorder();
        var app = await PlatformApp.StartAsync(new PlatformSettings
        {
            Config = PlatformConfigSource.FromConfig(builder.BuildConfig()),
            Port = 0,
            InMemory = true,
            Time = clock,
            LogLevel = LogLevel.Warning,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        }, services =>
        {
            builder.ApplyServices(services);
            // Every trigger's invocations, with their payloads, on their way to the function.
            services.AddSingleton<IInvocationDispatcher>(sp => new CapturingInvocationDispatcher(
                new RecordingInvocationDispatcher(sp.GetRequiredService<MassTransitInvocationDispatcher>(),
                    sp.GetRequiredService<InvocationLog>(), sp.GetRequiredService<ILogger<RecordingInvocationDispatcher>>()),
                invocations));
        }, cancellationToken).ConfigureAwait(false);
        return new PlatformTestHost(app, clock, invocations) { StartupTime = started.Elapsed };
    }

    public AmazonS3Client CreateS3Client() => new(new BasicAWSCredentials(AccessKeyId, SecretAccessKey),
        new AmazonS3Config { ServiceURL = ServiceUrl, ForcePathStyle = true, AuthenticationRegion = Region });

    public AmazonSQSClient CreateSqsClient() => new(new BasicAWSCredentials(AccessKeyId, SecretAccessKey),
        new AmazonSQSConfig { ServiceURL = ServiceUrl, AuthenticationRegion = Region });

    public AmazonDynamoDBClient CreateDynamoDbClient() => new(new BasicAWSCredentials(AccessKeyId, SecretAccessKey),
        new AmazonDynamoDBConfig { ServiceURL = ServiceUrl, AuthenticationRegion = Region });

    /// <summary>
    /// Returns once nothing is left to do now: every poller caught up with its source, nothing in
    /// flight, no retry due. Work that is not due yet — a retry waiting out its delay, a message
    /// still invisible — does not count: advance <see cref="Clock"/> to make it due.
    /// </summary>
    /// <exception cref="TimeoutException">Naming what is still busy.</exception>
    public async Task WaitUntilIdleAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var version = _activity.Settled.Version;
            var pending = _triggers.PendingWork();
            if (pending is null)
                return;
            var left = limit - deadline.Elapsed;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"The platform was still busy after {limit.TotalSeconds:0.###} s: {pending}.");
            // Woken when a count goes down; a poller that merely starts waiting again is seen on
            // the next look, a few milliseconds later at most.
            await _activity.Settled.WaitAsync(version, left < IdleRecheck ? left : IdleRecheck, TimeProvider.System, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan IdleRecheck = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Between tests that share one host (a class or collection fixture): puts the platform back to
    /// what its configuration declares — the same reset as <c>POST /_platform/reset</c>. Every message
    /// and object goes, the functions' pending async events and the retries waiting out their delay
    /// with them; queues, buckets, streams, tables, topics, rules, schedules and event source mappings
    /// a test made are deleted; declared tables come back empty; the recorded invocations are
    /// forgotten. Functions stay, and so does the clock's offset (time does not go back). Declared
    /// streams keep their records (a declared mapping's checkpoint points into them). Call
    /// <see cref="WaitUntilIdleAsync"/> first when the previous test may have left an invocation running.
    /// </summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await _reset.ResetAsync(cancellationToken).ConfigureAwait(false);
        Invocations.Clear();
    }

    /// <summary><see cref="ResetAsync"/>, for a fixture's synchronous constructor or Dispose.</summary>
    public void Reset() => ResetAsync().GetAwaiter().GetResult();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
