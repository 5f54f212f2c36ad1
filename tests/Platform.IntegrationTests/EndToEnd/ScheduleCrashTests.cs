using System.Net.Http.Headers;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>
/// EventBridge Scheduler under a real crash: six one-time at() schedules targeting an SQS queue fall
/// due two seconds apart; `platform up` is SIGKILLed as soon as the first delivery is in the queue and
/// stays down until the last one is due, so some schedules fired before the kill and the rest were
/// missed while it was down.
/// After a restart on the same data directory every schedule's delivery arrives at least once: a
/// firing commits its outbox rows with the next fire time, and a schedule missed while the platform
/// was down fires once on start (docs/events.md, the missed-schedule rule).
/// </summary>
public sealed class ScheduleCrashTests
{
    private const int Schedules = 6;

    // boto3 (a real client) creates every schedule in one process, so their spacing is the script's,
    // not that of six CLI start-ups on a loaded machine.
    private const string CreateScript = """
        import boto3, datetime, os
        scheduler = boto3.client("scheduler", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
        base = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(seconds=5)
        for i in range(int(os.environ["COUNT"])):
            at = (base + datetime.timedelta(seconds=2 * i)).strftime("%Y-%m-%dT%H:%M:%S")
            scheduler.create_schedule(Name="tick-%d" % i, ScheduleExpression="at(%s)" % at, FlexibleTimeWindow={"Mode": "OFF"},
                Target={"Arn": "arn:aws:sqs:us-east-1:000000000000:ticks", "RoleArn": "arn:aws:iam::000000000000:role/s",
                        "Input": '{"tick":"tick-%d"}' % i})
        print(int((base + datetime.timedelta(seconds=2 * (int(os.environ["COUNT"]) - 1))).timestamp()))
        """;

    [Fact]
    public async Task Every_due_schedule_fires_at_least_once_across_a_sigkill()
    {
        var dir = Directory.CreateTempSubdirectory("platform-schedule-crash-");
        var dataDir = Path.Combine(dir.FullName, "data");
        var config = Path.Combine(dir.FullName, "platform.yaml");
        await File.WriteAllTextAsync(config, """
            queues:
              - name: ticks
            """);
        var port = PlatformProcess.FreePort();
        var platform = await PlatformProcess.StartAsync(config, dataDir, port);
        try
        {
            var created = await Boto3.RunAsync(platform.Endpoint, CreateScript, new Dictionary<string, string> { ["COUNT"] = $"{Schedules}" });
            Assert.True(created.ExitCode == 0, created.StandardError);
            var lastDue = DateTimeOffset.FromUnixTimeSeconds(long.Parse(created.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture));

            // The kill comes when the first schedule has fired (seen, not consumed: visibility 0).
            var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
            while ((await ReceiveAsync(platform.Endpoint, visibilityTimeout: 0)).Count == 0)
                Assert.True(DateTimeOffset.UtcNow < deadline, "no schedule fired before the kill");
            await platform.KillAsync();
            await platform.DisposeAsync();

            // Down across the remaining fire times: those are the missed schedules that fire on start.
            var down = lastDue.AddSeconds(1) - DateTimeOffset.UtcNow;
            if (down > TimeSpan.Zero)
                await Task.Delay(down);
            platform = await PlatformProcess.StartAsync(config, dataDir, port);
            var expected = Enumerable.Range(0, Schedules).Select(i => $"tick-{i}").ToHashSet();
            var seen = new HashSet<string>();
            deadline = DateTimeOffset.UtcNow.AddSeconds(45);
            while (!expected.IsSubsetOf(seen))
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, $"never delivered: {string.Join(", ", expected.Except(seen))}");
                foreach (var body in await ReceiveAsync(platform.Endpoint, visibilityTimeout: 30))
                    seen.Add(JsonDocument.Parse(body).RootElement.GetProperty("tick").GetString()!);
            }
        }
        finally
        {
            await platform.DisposeAsync();
        }
        dir.Delete(recursive: true);
    }

    /// <summary>SQS ReceiveMessage (JSON protocol, as the SDKs send it), long-polling up to 2 s; the bodies.</summary>
    private static async Task<List<string>> ReceiveAsync(Uri endpoint, int visibilityTimeout)
    {
        using var client = new HttpClient { BaseAddress = endpoint };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(JsonSerializer.Serialize(new
            {
                QueueUrl = $"{endpoint.ToString().TrimEnd('/')}/000000000000/ticks",
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 2,
                VisibilityTimeout = visibilityTimeout,
            })),
        };
        request.Headers.Add("X-Amz-Target", "AmazonSQS.ReceiveMessage");
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("Messages", out var messages)
            ? messages.EnumerateArray().Select(m => m.GetProperty("Body").GetString()!).ToList()
            : [];
    }
}
