using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Storage;

/// <summary>
/// An acknowledged PUT survives a SIGKILL, for both kinds of body: small ones stored inline in the
/// object's commit and large ones stored as files. `platform up` is killed mid-stream while AWSSDK.S3
/// uploads; after a restart on the same data directory every acknowledged object reads back with its
/// bytes and ETag, and an overwritten object reads back as its last acknowledged version.
/// </summary>
public sealed class StorageCrashTests
{
    private const int Uploads = 120;

    [Fact]
    public async Task Every_acknowledged_put_reads_back_after_a_sigkill_and_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("platform-s3-crash-").FullName;
        var config = Path.Combine(dataDir, "platform.yaml");
        await File.WriteAllTextAsync(config, "buckets: [crash]\n");
        var port = PlatformProcess.FreePort();
        var killAfter = Random.Shared.Next(20, Uploads - 20);
        var acknowledged = new Dictionary<string, byte[]>();
        var platform = await PlatformProcess.StartAsync(config, Path.Combine(dataDir, "data"), port);
        try
        {
            using (var s3 = Client(platform.Endpoint))
            {
                // The same key twice first: the second (larger, a file) replaces the first (inline).
                await Put(s3, "replaced", Body(1, 100));
                acknowledged["replaced"] = Body(2, 200 * 1024);
                await Put(s3, "replaced", acknowledged["replaced"]);

                var inFlight = new List<(string Key, byte[] Body, Task Upload)>();
                var next = 0;
                while (next < Uploads && acknowledged.Count < killAfter)
                {
                    while (inFlight.Count < 4 && next < Uploads)
                    {
                        var key = $"object-{next:D3}";
                        // Every fifth body is over the inline limit (64 KiB): a file.
                        var body = Body(next, next % 5 == 0 ? 100 * 1024 : 1024);
                        inFlight.Add((key, body, Put(s3, key, body)));
                        next++;
                    }

                    var done = await Task.WhenAny(inFlight.Select(f => f.Upload));
                    var finished = inFlight.Single(f => f.Upload == done);
                    inFlight.Remove(finished);
                    await done;
                    acknowledged[finished.Key] = finished.Body;
                }

                await platform.KillAsync();
                foreach (var (key, body, upload) in inFlight)
                {
                    try { await upload; acknowledged[key] = body; }
                    catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or IOException or TaskCanceledException)
                    {
                        // Cut off by the crash, never acknowledged: no promise about it.
                    }
                }
            }

            await platform.DisposeAsync();
            platform = await PlatformProcess.StartAsync(config, Path.Combine(dataDir, "data"), port);
            using (var s3 = Client(platform.Endpoint))
            {
                foreach (var (key, body) in acknowledged)
                {
                    using var response = await s3.GetObjectAsync("crash", key);
                    using var copy = new MemoryStream();
                    await response.ResponseStream.CopyToAsync(copy);
                    Assert.Equal(body, copy.ToArray());
                    Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(body))}\"", response.ETag);
                }
            }
        }
        finally
        {
            await platform.DisposeAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static byte[] Body(int seed, int size)
    {
        var body = new byte[size];
        new Random(seed).NextBytes(body);
        return body;
    }

    private static Task Put(AmazonS3Client s3, string key, byte[] body) =>
        s3.PutObjectAsync(new PutObjectRequest { BucketName = "crash", Key = key, InputStream = new MemoryStream(body) });

    private static AmazonS3Client Client(Uri endpoint) => new(new BasicAWSCredentials("test", "test"),
        new AmazonS3Config { ServiceURL = endpoint.ToString(), ForcePathStyle = true, MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(10) });
}
