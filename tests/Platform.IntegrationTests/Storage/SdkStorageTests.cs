using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Platform.IntegrationTests.Storage;

[Collection(StorageServerCollection.Name)]
public sealed class SdkStorageTests(StorageServerFixture server)
{
    private AmazonS3Client Client() => new(new BasicAWSCredentials("test", "test"), new AmazonS3Config
    {
        ServiceURL = server.Endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
    });

    [Fact]
    public async Task PutObject_UsesAwsChunkedWithSignatures_AndGetObjectReadsItBack()
    {
        using var s3 = Client();
        var bucket = "sdk-" + Guid.NewGuid().ToString("N")[..12];
        await s3.PutBucketAsync(bucket);
        var payload = new byte[300_000];
        Random.Shared.NextBytes(payload);

        var put = await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "sdk/object.bin",
            InputStream = new MemoryStream(payload),
            ContentType = "application/x-test",
            Metadata = { ["x-amz-meta-team"] = "storage" },
            UseChunkEncoding = true,
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, put.HttpStatusCode);

        using var get = await s3.GetObjectAsync(bucket, "sdk/object.bin");
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        Assert.Equal(payload, copy.ToArray());
        Assert.Equal("application/x-test", get.Headers.ContentType);
        Assert.Equal("storage", get.Metadata["x-amz-meta-team"]);
        Assert.Null(get.Headers.ContentEncoding);

        var change = Assert.Single(server.Engine.ReadChanges(0, 100_000), c => c.Bucket == bucket);
        Assert.Equal(payload.Length, change.Size);
        Assert.Equal(get.ETag.Trim('"'), change.ETag);
    }

    [Fact]
    public async Task Errors_AreParsedByTheSdk()
    {
        using var s3 = Client();
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync("no-such-bucket-here", "k"));
        Assert.Equal("NoSuchBucket", missing.ErrorCode);
        Assert.False(string.IsNullOrEmpty(missing.RequestId));

        var bucket = "sdk-" + Guid.NewGuid().ToString("N")[..12];
        await s3.PutBucketAsync(bucket);
        var noKey = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "absent"));
        Assert.Equal("NoSuchKey", noKey.ErrorCode);
        var exists = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.PutBucketAsync(bucket));
        Assert.Equal("BucketAlreadyOwnedByYou", exists.ErrorCode);
    }
}
