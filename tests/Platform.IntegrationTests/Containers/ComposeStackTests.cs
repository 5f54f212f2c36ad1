using System.Diagnostics;
using System.Text.Json;
using Platform.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Containers;

/// <summary>
/// The README's `docker compose up`, for real: the unchanged compose.yaml and Dockerfile on a container
/// engine (podman here, with local stand-ins for the images they name). An upload, a message and a
/// record reach functions of every kind — .NET, a Runtime API process, managed Python and Node.js — on
/// the workers; the workers scale to three and share the work; `down` is quick and clean.
/// </summary>
public sealed class ComposeStackTests(ITestOutputHelper output)
{
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(120);

    [ContainerFact]
    public async Task Compose_up_runs_every_trigger_on_the_workers_scales_to_three_and_comes_down_quickly()
    {
        var clock = Stopwatch.StartNew();
        await PlatformImage.EnsureBuiltAsync();
        output.WriteLine($"image built in {clock.Elapsed.TotalSeconds:F1} s");

        await using var compose = new ComposeProject();
        clock.Restart();
        // `up -d` returns once the workers start: the broker and then the platform were healthy first.
        await compose.RunOkAsync("up", "-d");
        output.WriteLine($"up (healthy platform, worker started) in {clock.Elapsed.TotalSeconds:F1} s");
        using var admin = new PlatformAdminClient(compose.Endpoint);
        await WaitForWorkersAsync(admin, compose, 1);
        var aws = new AwsCli(compose.Endpoint);

        // An S3 upload to each bucket with a trigger: .NET in-process on the worker, a Runtime API process, managed Python.
        var text = Path.GetTempFileName();
        await File.WriteAllTextAsync(text, "the quick brown fox");
        await aws.RunOkAsync("s3", "cp", text, "s3://uploads/fox.txt");
        await aws.RunOkAsync("s3", "cp", text, "s3://documents/fox.txt");
        await aws.RunOkAsync("s3", "cp", text, "s3://photos/fox.jpg", "--content-type", "image/jpeg");
        // An SQS message and a Kinesis record through their event source mappings.
        await aws.RunOkAsync("sqs", "send-message", "--queue-url", new Uri(compose.Endpoint, "000000000000/orders").ToString(),
            "--message-body", """{"orderId":"o-1","amount":12.5}""");
        var put = JsonDocument.Parse(await aws.RunOkAsync("kinesis", "put-record", "--stream-name", "clicks", "--partition-key", "user-1",
            "--cli-binary-format", "raw-in-base64-out", "--data", "clicked buy")).RootElement;
        var sequence = put.GetProperty("SequenceNumber").GetString();

        foreach (var function in new[] { "summarize", "catalog", "thumbs", "record-orders", "record-clicks" })
        {
            // A succeeded attempt (on a busy machine a first attempt may time out; the trigger's retry then runs it).
            var invocation = (await admin.WaitForInvocationsAsync(function, 1, InvocationTimeout, outcome: "Succeeded"))[0];
            Assert.True(invocation.TryGetProperty("worker", out _), $"{function} did not run on a worker: {invocation}");
        }

        Assert.Equal(19, JsonDocument.Parse(await aws.RunOkAsync("s3", "cp", "s3://processed/fox.txt.summary.json", "-")).RootElement.GetProperty("size").GetInt64());
        Assert.Contains("fox.txt", await aws.RunOkAsync("s3", "cp", "s3://processed/catalog/fox.txt.json", "-"));
        Assert.Equal("image/jpeg", JsonDocument.Parse(await aws.RunOkAsync("s3", "cp", "s3://processed/thumbs/fox.jpg.json", "-")).RootElement.GetProperty("contentType").GetString());
        Assert.Equal(12.5, JsonDocument.Parse(await aws.RunOkAsync("s3", "cp", "s3://processed/receipts/o-1.json", "-")).RootElement.GetProperty("amount").GetDouble());
        Assert.Equal("clicked buy", JsonDocument.Parse(await aws.RunOkAsync("s3", "cp", $"s3://processed/clicks/user-1/{sequence}.json", "-")).RootElement.GetProperty("data").GetString());

        // The managed Node.js runtime, invoked through the Lambda API.
        var response = Path.GetTempFileName();
        await aws.RunOkAsync("lambda", "invoke", "--function-name", "greet", "--cli-binary-format", "raw-in-base64-out",
            "--payload", """{"name":"Ada"}""", response);
        Assert.Equal("Hello, Ada!", JsonDocument.Parse(await File.ReadAllTextAsync(response)).RootElement.GetProperty("greeting").GetString());
        output.WriteLine($"every trigger ran on the worker in {clock.Elapsed.TotalSeconds:F1} s since up");

        // Three workers compete for each function's queue: uploads spread over them.
        clock.Restart();
        await compose.RunOkAsync("up", "-d", "--scale", "worker=3");
        await WaitForWorkersAsync(admin, compose, 3);
        output.WriteLine($"scaled to 3 workers in {clock.Elapsed.TotalSeconds:F1} s");
        const int uploads = 9;
        for (var i = 0; i < uploads; i++)
            await aws.RunOkAsync("s3", "cp", text, $"s3://uploads/spread/{i}.txt");
        var spread = await admin.WaitForInvocationsAsync("summarize", 1 + uploads, InvocationTimeout, outcome: "Succeeded");
        var workers = spread.Take(uploads).Select(i => i.GetProperty("worker").GetString()).Distinct().ToList();
        Assert.True(workers.Count >= 2, $"{uploads} uploads all ran on {string.Join(", ", workers)}");

        // Every container stops on SIGTERM (the broker through its init; idle workers drain at once): none
        // outlives its stop_grace_period and is killed (exit 137). Then `down -v` leaves nothing behind.
        clock.Restart();
        await compose.RunOkAsync("stop");
        output.WriteLine($"stop in {clock.Elapsed.TotalSeconds:F1} s");
        var stopped = await compose.RunOkAsync("ps");
        Assert.DoesNotContain("Exit 137", stopped);
        clock.Restart();
        await compose.RunOkAsync("down", "-v");
        output.WriteLine($"down in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Empty((await compose.RunOkAsync("ps", "-q")).Trim());
    }

    /// <summary>Waits until /_platform/workers lists <paramref name="count"/> connected workers (heartbeats every 2 s).</summary>
    private static async Task WaitForWorkersAsync(PlatformAdminClient admin, ComposeProject compose, int count)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90);
        var connected = 0;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var workers = (await admin.GetAsync("/_platform/workers")).GetProperty("workers").EnumerateArray();
            connected = workers.Count(w => w.GetProperty("state").GetString() == "connected");
            if (connected == count)
                return;
            await Task.Delay(250);
        }

        Assert.Fail($"{connected} of {count} workers connected after 90 s\n{await compose.LogsAsync()}");
    }
}
