using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Emulators.Queues.Engine;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.Runtime;
using Platform.Triggers.Mappings;

namespace Platform.Bench;

/// <summary>
/// What an open dashboard costs the platform it watches: SQS messages → invocations per second through a
/// mapping (8 senders), measured in rounds alternately without and with what a page does — an open
/// /_platform/events stream read to its end, and the topology, queues and invocations fetched on every tick.
/// The target is the "with" figure within 10% of the "without" one.
/// </summary>
internal static class DashboardLoadBenchmark
{
    private const string QueueArn = "arn:aws:sqs:us-east-1:000000000000:bench";

    public static async Task RunAsync(int messages, int concurrency, int rounds)
    {
        var entered = new ConcurrentDictionary<string, TaskCompletionSource>();
        TaskCompletionSource Slot(string key) => entered.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        await using var app = await PlatformApp.StartAsync(new PlatformSettings
        {
            Config = PlatformConfigSource.FromConfig(new PlatformConfig
            {
                Queues = [new QueueDeclaration("bench", new Dictionary<string, string>())],
                Mappings = [new MappingDeclaration(new EventSourceMapping
                {
                    Uuid = MappingIds.ForDeclaration("touch", QueueArn), FunctionName = "touch", EventSourceArn = QueueArn, Origin = MappingOrigins.Config,
                }, 0)],
            }),
            Port = 0,
            InMemory = true,
            LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        }, services => services.AddFunction(new FunctionDefinition { Name = "touch", Concurrency = Math.Max(concurrency, 4) }, (payload, _) =>
        {
            using var json = JsonDocument.Parse(payload);
            foreach (var record in json.RootElement.GetProperty("Records").EnumerateArray())
                Slot(record.GetProperty("body").GetString()!).TrySetResult();
            return Task.FromResult<string?>(null);
        }));
        var queues = app.Services.GetRequiredService<QueueEngine>();

        async Task<double> Send(string key)
        {
            var sent = Stopwatch.GetTimestamp();
            await queues.SendMessageAsync("bench", new OutgoingMessage { Body = key });
            await Slot(key).Task.WaitAsync(TimeSpan.FromSeconds(30));
            return Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
        }

        await Load.ConcurrentlyAsync(500, concurrency, i => Send($"warm-{i}"));
        var without = new List<double>();
        var with = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            without.Add((await Load.ConcurrentlyAsync(messages, concurrency, i => Send($"plain-{round}-{i}"))).PerSecond);
            using var page = new CancellationTokenSource();
            var watching = WatchLikeAPageAsync(app.Endpoint, page.Token);
            with.Add((await Load.ConcurrentlyAsync(messages, concurrency, i => Send($"watched-{round}-{i}"))).PerSecond);
            await page.CancelAsync();
            var (events, fetches) = await watching;
            if (round == rounds - 1)
                Report.Line("dashboard", $"last round's page: {events} event-stream messages, {fetches} refreshes");
        }

        var plain = without.Average();
        var watched = with.Average();
        Report.Line("dashboard", $"{concurrency} senders, {rounds} rounds of {messages}: {plain:F0} messages→invocations/s without the dashboard, " +
                                 $"{watched:F0}/s with it open and streaming ({(watched / plain - 1) * 100:+0.0;-0.0}%)");
    }

    /// <summary>Reads the event stream and, on every tick or invocations message, fetches what the page
    /// would refresh (the topology view; the invocations list once).</summary>
    private static async Task<(int Events, int Fetches)> WatchLikeAPageAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = endpoint };
        var events = 0;
        var fetches = 0;
        try
        {
            await http.GetStringAsync("/_platform/invocations?limit=100", cancellationToken);
            using var stream = await http.GetStreamAsync("/_platform/events", cancellationToken);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event: tick", StringComparison.Ordinal))
                {
                    await http.GetStringAsync("/_platform/topology", cancellationToken);
                    await http.GetStringAsync("/_platform/queues", cancellationToken);
                    fetches++;
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    events++;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The round is over.
        }

        return (events, fetches);
    }
}
