using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.IntegrationTests.Support;

/// <summary>
/// A real OTLP/HTTP receiver in the test (what an OpenTelemetry Collector, Jaeger or the Aspire
/// dashboard offer on 4318): POST /v1/traces, /v1/metrics and /v1/logs with protobuf bodies, each
/// answered with an empty Export…ServiceResponse. It keeps what arrived, decoded with
/// <see cref="OtlpProtobuf"/>, and signals each arrival so tests wait instead of sleeping.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpProtobuf.Span> _spans = new();
    private readonly ConcurrentQueue<string> _metrics = new();
    private int _logRecords;
    private readonly SemaphoreSlim _arrived = new(0);

    private OtlpReceiver(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }
    public IReadOnlyCollection<OtlpProtobuf.Span> Spans => _spans;
    public IReadOnlyCollection<string> MetricNames => _metrics;
    public int LogRecords => Volatile.Read(ref _logRecords);

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = PlatformProcess.FreePort();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, new Uri($"http://127.0.0.1:{port}"));
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var bytes = body.ToArray();
        switch (context.Request.Path.Value)
        {
            case "/v1/traces":
                foreach (var span in OtlpProtobuf.ReadSpans(bytes))
                    _spans.Enqueue(span);
                break;
            case "/v1/metrics":
                foreach (var name in OtlpProtobuf.ReadMetricNames(bytes))
                    _metrics.Enqueue(name);
                break;
            case "/v1/logs":
                Interlocked.Add(ref _logRecords, OtlpProtobuf.CountLogRecords(bytes));
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }

        _arrived.Release();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.ContentLength = 0;
    }

    /// <summary>Waits until <paramref name="condition"/> holds over what has arrived, re-checking after each export.</summary>
    public async Task WaitForAsync(Func<OtlpReceiver, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition(this))
        {
            try
            {
                await _arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The OTLP receiver did not get what the test waits for in {timeout}; spans: " +
                    string.Join(", ", _spans.Select(s => $"{s.Name}[{s.TraceId[..8]}]")) + "; metrics: " + string.Join(", ", _metrics.Distinct()));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
