using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>
/// S3 → SQS notifications under a real crash: 8 uploaders put objects into a bucket whose
/// QueueConfiguration (set through AWSSDK.S3) targets a queue, and `platform up` is SIGKILLed mid-load.
/// After a restart on the same data directory, every upload that was acknowledged has its
/// ObjectCreated:Put record in the queue at least once — the change journal committed with the object
/// is the outbox, and the poller's cursor moves only after the queue's send returned.
/// </summary>
public sealed class S3QueueNotificationCrashTests
{
    private const string Bucket = "uploads";
    private const string Queue = "upload-events";

    [Fact]
    public async Task Every_acknowledged_upload_reaches_the_queue_after_a_sigkill()
    {
        var dir = Directory.CreateTempSubdirectory("platform-s3q-crash-");
        var dataDir = Path.Combine(dir.FullName, "data");
        var config = Path.Combine(dir.FullName, "platform.yaml");
        await File.WriteAllTextAsync(config, $"""
            buckets: [{Bucket}]
            queues:
              - name: {Queue}
            """);
        var port = PlatformProcess.FreePort();
        var platform = await PlatformProcess.StartAsync(config, dataDir, port);
        var acknowledged = new ConcurrentDictionary<string, bool>();
        try
        {
            using (var s3 = Client(platform.Endpoint))
            {
                await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
                {
                    BucketName = Bucket,
                    QueueConfigurations =
                    [
                        new QueueConfiguration
                        {
                            Id = "to-queue", Queue = $"arn:aws:sqs:us-east-1:000000000000:{Queue}", Events = [EventType.ObjectCreatedAll],
                        },
                    ],
                });
                var midLoad = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var uploaders = Enumerable.Range(0, 8).Select(u => UploadUntilRefusedAsync(s3, u, acknowledged, midLoad)).ToArray();
                await midLoad.Task.WaitAsync(TimeSpan.FromSeconds(120));
                await platform.KillAsync();
                await Task.WhenAll(uploaders);
            }

            await platform.DisposeAsync();
            platform = await PlatformProcess.StartAsync(config, dataDir, port);
            var seen = await DrainAsync(platform.Endpoint, acknowledged.Keys.ToHashSet());
            Assert.Superset(acknowledged.Keys.ToHashSet(), seen);
        }
        finally
        {
            await platform.DisposeAsync();
        }
        dir.Delete(recursive: true);
    }

    /// <summary>Uploads "crash/{n}" until the platform stops answering; records the acknowledged keys.</summary>
    private static async Task UploadUntilRefusedAsync(AmazonS3Client s3, int uploader, ConcurrentDictionary<string, bool> acknowledged,
        TaskCompletionSource midLoad)
    {
        for (var n = uploader; ; n += 8)
        {
            var key = $"crash/{n:D5}.txt";
            try
            {
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = "upload " + key });
                acknowledged[key] = true;
                if (acknowledged.Count >= 150)
                    midLoad.TrySetResult();
            }
            catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or IOException or TaskCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Receives (and deletes nothing) until every acknowledged key's record arrived; returns
    /// every key seen.</summary>
    private static async Task<HashSet<string>> DrainAsync(Uri endpoint, HashSet<string> expected)
    {
        using var client = new HttpClient { BaseAddress = endpoint };
        var seen = new HashSet<string>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(120);
        while (!expected.IsSubsetOf(seen))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline,
                $"{expected.Except(seen).Count()} of {expected.Count} acknowledged uploads never reached the queue, e.g. {string.Join(", ", expected.Except(seen).Take(5))}");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/")
            {
                Content = new StringContent(JsonSerializer.Serialize(new
                {
                    QueueUrl = $"{endpoint.ToString().TrimEnd('/')}/000000000000/{Queue}", MaxNumberOfMessages = 10, WaitTimeSeconds = 2,
                    VisibilityTimeout = 600,
                })),
            };
            request.Headers.Add("X-Amz-Target", "AmazonSQS.ReceiveMessage");
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
            using var response = await client.SendAsync(request);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (!body.RootElement.TryGetProperty("Messages", out var messages))
                continue;
            foreach (var message in messages.EnumerateArray())
            {
                using var notification = JsonDocument.Parse(message.GetProperty("Body").GetString()!);
                if (!notification.RootElement.TryGetProperty("Records", out var records))
                    continue;   // the s3:TestEvent
                var record = Assert.Single(records.EnumerateArray());
                Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
                seen.Add(record.GetProperty("s3").GetProperty("object").GetProperty("key").GetString()!);
            }
        }
        return seen;
    }

    private static AmazonS3Client Client(Uri endpoint) => new(new BasicAWSCredentials("test", "test"),
        new AmazonS3Config { ServiceURL = endpoint.ToString(), ForcePathStyle = true, MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(10) });
}
