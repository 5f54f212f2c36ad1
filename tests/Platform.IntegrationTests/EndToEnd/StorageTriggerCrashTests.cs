using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>
/// The durability promise under a real crash: 200 uploads while `platform up` is SIGKILLed at a
/// random point; after a restart on the same data directory, every acknowledged upload leads to a
/// successful invocation. Proof is durable: the sample function's summary object for every key.
/// </summary>
public sealed class StorageTriggerCrashTests
{
    private const int Uploads = 200;

    [Fact]
    public async Task Every_acknowledged_upload_is_processed_after_a_sigkill_and_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("platform-crash-").FullName;
        var port = PlatformProcess.FreePort();
        var killAfter = Random.Shared.Next(20, Uploads - 20);
        var acknowledged = new List<string>();
        var pending = new Queue<string>(Enumerable.Range(0, Uploads).Select(i => $"crash/{i:D3}.txt"));

        var platform = await PlatformProcess.StartAsync(RepositoryPaths.SampleConfig, dataDir, port);
        try
        {
            using (var s3 = Client(platform.Endpoint))
            {
                // Upload concurrently (4 at a time) and pull the plug mid-stream.
                var inFlight = new List<(string Key, Task Upload)>();
                while (pending.Count > 0 && acknowledged.Count < killAfter)
                {
                    while (inFlight.Count < 4 && pending.Count > 0)
                    {
                        var key = pending.Dequeue();
                        inFlight.Add((key, Put(s3, key)));
                    }

                    var done = await Task.WhenAny(inFlight.Select(f => f.Upload));
                    var finished = inFlight.Single(f => f.Upload == done);
                    inFlight.Remove(finished);
                    await done;
                    acknowledged.Add(finished.Key);
                }

                await platform.KillAsync();
                foreach (var (key, upload) in inFlight)
                {
                    // Uploads cut off by the crash were not acknowledged: the client sends them again.
                    try { await upload; acknowledged.Add(key); }
                    catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or IOException or TaskCanceledException)
                    {
                        pending.Enqueue(key);
                    }
                }
            }

            await platform.DisposeAsync();
            platform = await PlatformProcess.StartAsync(RepositoryPaths.SampleConfig, dataDir, port);
            using (var s3 = Client(platform.Endpoint))
            {
                while (pending.TryDequeue(out var key))
                {
                    await Put(s3, key);
                    acknowledged.Add(key);
                }

                Assert.Equal(Uploads, acknowledged.Distinct().Count());
                await WaitForSummariesAsync(s3, platform.Endpoint, acknowledged);
            }
        }
        finally
        {
            await platform.DisposeAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task WaitForSummariesAsync(AmazonS3Client s3, Uri endpoint, List<string> keys)
    {
        using var admin = new PlatformAdminClient(endpoint);
        var missing = new HashSet<string>(keys.Select(k => k + ".summary.json"));
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        var invocationsSeen = 0;
        while (true)
        {
            var listing = s3.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = "processed", Prefix = "crash/" });
            await foreach (var obj in listing.S3Objects)
                missing.Remove(obj.Key);
            if (missing.Count == 0)
                return;
            if (DateTimeOffset.UtcNow > deadline)
                Assert.Fail($"{missing.Count} uploads never processed, e.g. {string.Join(", ", missing.Take(5))}");

            // Wait for the next invocation to finish rather than sleeping.
            invocationsSeen = (await admin.WaitForInvocationsAsync("summarize", invocationsSeen + 1, TimeSpan.FromSeconds(30))).Length;
        }
    }

    private static Task Put(AmazonS3Client s3, string key) =>
        s3.PutObjectAsync(new PutObjectRequest { BucketName = "uploads", Key = key, ContentBody = $"upload {key}\n" });

    private static AmazonS3Client Client(Uri endpoint) => new(new BasicAWSCredentials("test", "test"),
        new AmazonS3Config { ServiceURL = endpoint.ToString(), ForcePathStyle = true, MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(10) });
}
