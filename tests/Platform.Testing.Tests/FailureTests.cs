using System.Diagnostics;
using System.Text.Json;

namespace Platform.Testing.Tests;

/// <summary>Failures under AWS's own timing, made instant by the virtual clock.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task A_failing_upload_is_retried_after_one_and_two_minutes_then_sent_to_the_failure_queue()
    {
        await using var platform = await PlatformTestHost.StartAsync(p => p
            .AddFunction("resize", _ => throw new InvalidOperationException("corrupt image"),
                f => f with { Async = f.Async with { OnFailureDestination = "resize-failures" } })
            .AddQueue("resize-failures")
            .AddBucket("uploads", b => b.Notify("resize")));
        using var s3 = platform.CreateS3Client();
        using var sqs = platform.CreateSqsClient();
        var url = (await sqs.GetQueueUrlAsync("resize-failures")).QueueUrl;

        await s3.PutObjectAsync(new() { BucketName = "uploads", Key = "a.jpg", ContentBody = "x" });
        await platform.Invocations.WaitForAsync("resize", count: 1);
        var retries = Stopwatch.StartNew();
        await platform.WaitUntilIdleAsync();                 // the retry is scheduled, one minute out
        Assert.Single(platform.Invocations.Of("resize"));

        platform.Clock.Advance(TimeSpan.FromSeconds(59));
        await platform.WaitUntilIdleAsync();
        Assert.Single(platform.Invocations.Of("resize"));   // not yet: AWS waits a minute

        platform.Clock.Advance(TimeSpan.FromSeconds(1));
        await platform.Invocations.WaitForAsync("resize", count: 2);
        await platform.WaitUntilIdleAsync();
        platform.Clock.Advance(TimeSpan.FromMinutes(2));
        var attempts = await platform.Invocations.WaitForAsync("resize", count: 3);
        await platform.WaitUntilIdleAsync();
        var retried = retries.Elapsed;

        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.All(attempts, a => Assert.Contains("corrupt image", a.Error));
        var message = Assert.Single((await sqs.ReceiveMessageAsync(url)).Messages);
        var record = JsonDocument.Parse(message.Body).RootElement;
        Assert.Equal("RetriesExhausted", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(3, record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        // Three minutes of AWS retry delays, in well under a second of test.
        Assert.True(retried < TimeSpan.FromSeconds(1), $"the retries took {retried.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_failing_kinesis_batch_is_bisected_down_to_the_bad_record()
    {
        await using var platform = await PlatformTestHost.StartAsync(p => p
            .AddFunction("ingest", payload => payload.Contains(Base64("poison"), StringComparison.Ordinal)
                ? throw new InvalidOperationException("poison record")
                : Task.FromResult<string?>(null))
            .AddQueue("ingest-failures")
            .AddStream("events")
            .AddKinesisTrigger("ingest", "events", m => m with
            {
                BatchSize = 4,
                MaximumBatchingWindowInSeconds = 30,
                BisectBatchOnFunctionError = true,
                MaximumRetryAttempts = 0,
                OnFailureDestination = "arn:aws:sqs:us-east-1:000000000000:ingest-failures",
            }));

        foreach (var data in new[] { "ok-1", "ok-2", "poison", "ok-3" })
            await KinesisApi.PutRecordAsync(platform, "events", "same-key", data);
        platform.Clock.Advance(TimeSpan.FromSeconds(30));    // the batching window closes: one batch of four
        await platform.WaitUntilIdleAsync();

        var invocations = platform.Invocations.Of("ingest");
        var sizes = invocations.Select(i => JsonDocument.Parse(i.Payload).RootElement.GetProperty("Records").GetArrayLength()).ToList();
        // 4 fails → [ok-1 ok-2] succeeds → [poison ok-3] fails → [poison] fails alone (given up) → [ok-3] succeeds
        Assert.Equal([4, 2, 2, 1, 1], sizes);
        using var sqs = platform.CreateSqsClient();
        var url = (await sqs.GetQueueUrlAsync("ingest-failures")).QueueUrl;
        var record = JsonDocument.Parse(Assert.Single((await sqs.ReceiveMessageAsync(url)).Messages).Body).RootElement;
        Assert.Equal(1, record.GetProperty("KinesisBatchInfo").GetProperty("batchSize").GetInt32());
    }

    [Fact]
    public async Task WaitForAsync_names_what_did_arrive_when_the_expected_invocation_does_not()
    {
        await using var platform = await PlatformTestHost.StartAsync(p => p
            .AddFunction("resize", _ => Task.FromResult<string?>(null))
            .AddFunction("archive", _ => Task.FromResult<string?>(null))
            .AddBucket("uploads", b => b.Notify("archive")));
        using var s3 = platform.CreateS3Client();
        await s3.PutObjectAsync(new() { BucketName = "uploads", Key = "a.jpg", ContentBody = "x" });
        await platform.Invocations.WaitForAsync("archive");

        var failure = await Assert.ThrowsAsync<TimeoutException>(() =>
            platform.Invocations.WaitForAsync("resize", count: 1, timeout: TimeSpan.FromMilliseconds(200)));

        Assert.Equal("Expected 1 invocation(s) of 'resize' within 0.2 s but saw 0; what was invoked: archive ×1 [attempt 1 Succeeded].",
            failure.Message);
    }

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
