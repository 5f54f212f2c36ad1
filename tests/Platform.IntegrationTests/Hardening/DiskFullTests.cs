using System.Diagnostics;
using System.Text;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Hardening;

/// <summary>Issue 16 item 4, on a real full disk (a small tmpfs): writes answer their service's
/// "try later" error, deletes still work and free the space, health says the disk is full.</summary>
public sealed class DiskFullTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FullDisk_RefusesWrites_WithEachServicesTryLater_AndDeletesFreeIt()
    {
        var mount = Path.Combine(Path.GetTempPath(), "platform-full-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(mount);
        if (!await TryMountAsync(mount))
        {
            output.WriteLine($"SKIPPED: mounting a tmpfs is not allowed here, so no disk can be filled ({mount}).");
            Directory.Delete(mount);
            return;
        }

        try
        {
            await using (var app = await PlatformApp.StartAsync(new PlatformSettings
            {
                Config = PlatformConfigSource.FromConfig(PlatformConfig.Empty),
                Port = 0,
                DataDir = mount,
                ShutdownTimeout = TimeSpan.FromSeconds(2),
            }))
            {
                await RunAsync(app.Endpoint.Port);
            }
        }
        finally
        {
            await ProcessRunner.RunAsync("/usr/bin/umount", ["-l", mount], new Dictionary<string, string>(), "");
            Directory.Delete(mount, recursive: true);
        }
    }

    private static async Task RunAsync(int port)
    {
        Task<RawExchange.Reply> Send(string line, string[] headers, byte[]? body = null) =>
            RawExchange.SendAsync(port, RawExchange.Request(port, line, headers, body));
        const string form = "Content-Type: application/x-www-form-urlencoded";
        var kinesis = new[] { "Content-Type: application/x-amz-json-1.1", "X-Amz-Target: Kinesis_20131202.PutRecord" };

        Assert.Equal(200, (await Send("PUT /full HTTP/1.1", [], [])).Status);
        Assert.Equal(200, (await Send("POST / HTTP/1.1", [form], BadInput.Bytes("Action=CreateQueue&QueueName=full"))).Status);
        Assert.Equal(200, (await Send("POST / HTTP/1.1", ["Content-Type: application/x-amz-json-1.1", "X-Amz-Target: Kinesis_20131202.CreateStream"],
            BadInput.Bytes("{\"StreamName\":\"full\",\"ShardCount\":1}"))).Status);
        Assert.Contains("\"disk\":\"ok\"", (await Send("GET /_platform/health HTTP/1.1", [])).Body);

        // Fill the disk with 1 MiB objects until S3 says to try later.
        var body = new byte[1024 * 1024];
        var stored = new List<string>();
        RawExchange.Reply? refused = null;
        for (var i = 0; i < 64 && refused is null; i++)
        {
            var reply = await Send($"PUT /full/object-{i} HTTP/1.1", [], body);
            if (reply.Status == 200)
                stored.Add($"object-{i}");
            else
                refused = reply;
        }

        Assert.NotNull(refused);
        Assert.True(refused.Status == 503, refused.Body);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>ServiceUnavailable</Code>", refused.Body);
        Assert.NotEmpty(stored);
        Assert.Contains("\"disk\":\"full\"", (await Send("GET /_platform/health HTTP/1.1", [])).Body);

        // Every other write is refused in its own protocol's shape; nothing answers 500.
        var queueUrl = Uri.EscapeDataString($"http://127.0.0.1:{port}/000000000000/full");
        var sqs = await Send("POST / HTTP/1.1", [form], BadInput.Bytes($"Action=SendMessage&QueueUrl={queueUrl}&MessageBody=hi"));
        Assert.True(sqs.Status == 503 && sqs.Body.Contains("<Code>ServiceUnavailable</Code>", StringComparison.Ordinal), sqs.Body);
        var record = await Send("POST / HTTP/1.1", kinesis, BadInput.Bytes("{\"StreamName\":\"full\",\"PartitionKey\":\"k\",\"Data\":\"eA==\"}"));
        Assert.True(record.Status == 503 && record.Body.Contains("\"__type\":\"ServiceUnavailable\"", StringComparison.Ordinal), record.Body);
        var small = await Send("PUT /full/small HTTP/1.1", [], Encoding.ASCII.GetBytes("x"));
        Assert.Equal(503, small.Status);

        // Reads and deletes still run, and the deletes give the space back.
        Assert.Equal(200, (await Send("GET /full?list-type=2 HTTP/1.1", [])).Status);
        foreach (var key in stored)
        {
            var deleted = await Send($"DELETE /full/{key} HTTP/1.1", []);
            Assert.True(deleted.Status == 204, deleted.Body);
        }

        // The disk is rechecked at most once a second: wait for health to say so, bounded.
        var clock = Stopwatch.StartNew();
        while (!(await Send("GET /_platform/health HTTP/1.1", [])).Body.Contains("\"disk\":\"ok\"", StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "health still says the disk is full after the deletes");
            await Task.Delay(200);
        }

        Assert.Equal(200, (await Send("PUT /full/after HTTP/1.1", [], body)).Status);
        Assert.Equal(200, (await Send("POST / HTTP/1.1", [form], BadInput.Bytes($"Action=SendMessage&QueueUrl={queueUrl}&MessageBody=hi"))).Status);
    }

    private static async Task<bool> TryMountAsync(string path)
    {
        try
        {
            var result = await ProcessRunner.RunAsync("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", path],
                new Dictionary<string, string>(), "");
            return result.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
