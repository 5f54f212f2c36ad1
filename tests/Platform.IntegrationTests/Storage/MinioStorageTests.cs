using System.Net;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace Platform.IntegrationTests.Storage;

/// <summary>The S3 API through the MinIO .NET client — a client written against MinIO's reading of
/// S3, with its own signing, multipart and presigning code: put/get, list, multipart upload and
/// presigned URLs.</summary>
[Collection(StorageServerCollection.Name)]
public sealed class MinioStorageTests(StorageServerFixture server)
{
    private IMinioClient Client() => new MinioClient()
        .WithEndpoint("127.0.0.1", server.Port)
        .WithCredentials("test", "test")
        .WithRegion("us-east-1")
        .WithSSL(false)
        .Build();

    private async Task<string> NewBucketAsync(IMinioClient minio)
    {
        var bucket = "minio-" + Guid.NewGuid().ToString("N")[..12];
        await minio.MakeBucketAsync(new MakeBucketArgs().WithBucket(bucket));
        Assert.True(await minio.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket)));
        return bucket;
    }

    [Fact]
    public async Task PutObject_AndGetObject_RoundTripBodyTypeAndMetadata()
    {
        using var minio = Client();
        var bucket = await NewBucketAsync(minio);
        var payload = new byte[70_000];
        Random.Shared.NextBytes(payload);

        await minio.PutObjectAsync(new PutObjectArgs().WithBucket(bucket).WithObject("photos/red flower.jpg")
            .WithStreamData(new MemoryStream(payload)).WithObjectSize(payload.Length).WithContentType("image/jpeg")
            .WithHeaders(new Dictionary<string, string> { ["x-amz-meta-team"] = "storage" }));

        using var copy = new MemoryStream();
        var stat = await minio.GetObjectAsync(new GetObjectArgs().WithBucket(bucket).WithObject("photos/red flower.jpg")
            .WithCallbackStream(stream => stream.CopyTo(copy)));
        Assert.Equal(payload, copy.ToArray());
        Assert.Equal("image/jpeg", stat.ContentType);
        Assert.Equal(payload.Length, stat.Size);
        Assert.Equal("storage", stat.MetaData.First(m => m.Key.Equals("team", StringComparison.OrdinalIgnoreCase) ||
            m.Key.Equals("x-amz-meta-team", StringComparison.OrdinalIgnoreCase)).Value);

        var missing = await Assert.ThrowsAnyAsync<MinioException>(() =>
            minio.StatObjectAsync(new StatObjectArgs().WithBucket(bucket).WithObject("absent")));
        Assert.IsType<ObjectNotFoundException>(missing);
    }

    [Fact]
    public async Task ListObjects_ListsRecursivelyAndByPrefix()
    {
        using var minio = Client();
        var bucket = await NewBucketAsync(minio);
        foreach (var key in new[] { "a.txt", "logs/1.txt", "logs/2.txt", "logs/deep/3.txt" })
            await minio.PutObjectAsync(new PutObjectArgs().WithBucket(bucket).WithObject(key)
                .WithStreamData(new MemoryStream("x"u8.ToArray())).WithObjectSize(1));

        var all = new List<string>();
        await foreach (var item in minio.ListObjectsEnumAsync(new ListObjectsArgs().WithBucket(bucket).WithRecursive(true)))
            all.Add(item.Key);
        Assert.Equal(["a.txt", "logs/1.txt", "logs/2.txt", "logs/deep/3.txt"], all);

        var top = new List<(string Key, bool IsDir)>();
        await foreach (var item in minio.ListObjectsEnumAsync(new ListObjectsArgs().WithBucket(bucket).WithPrefix("logs/")))
            top.Add((item.Key, item.IsDir));
        Assert.Equal([("logs/1.txt", false), ("logs/2.txt", false), ("logs/deep/", true)], top);
    }

    [Fact]
    public async Task LargePut_IsAMultipartUpload_AndReadsBackWhole()
    {
        using var minio = Client();
        var bucket = await NewBucketAsync(minio);
        // Past MinIO's 5 MiB part size with an unknown length: the client uploads in parts.
        var payload = new byte[11 * 1024 * 1024 + 123];
        Random.Shared.NextBytes(payload);

        await minio.PutObjectAsync(new PutObjectArgs().WithBucket(bucket).WithObject("big.bin")
            .WithStreamData(new MemoryStream(payload)).WithObjectSize(-1));

        var stat = await minio.StatObjectAsync(new StatObjectArgs().WithBucket(bucket).WithObject("big.bin"));
        Assert.Equal(payload.Length, stat.Size);
        Assert.Matches("-[0-9]+$", stat.ETag.Trim('"'));   // a multipart ETag: md5-of-md5s "-" part count
        using var copy = new MemoryStream();
        await minio.GetObjectAsync(new GetObjectArgs().WithBucket(bucket).WithObject("big.bin").WithCallbackStream(s => s.CopyTo(copy)));
        Assert.Equal(payload, copy.ToArray());
    }

    [Fact]
    public async Task PresignedPut_AndPresignedGet_WorkWithoutCredentials()
    {
        using var minio = Client();
        var bucket = await NewBucketAsync(minio);
        var putUrl = await minio.PresignedPutObjectAsync(new PresignedPutObjectArgs().WithBucket(bucket).WithObject("shared.txt").WithExpiry(300));
        var getUrl = await minio.PresignedGetObjectAsync(new PresignedGetObjectArgs().WithBucket(bucket).WithObject("shared.txt").WithExpiry(300));

        using var http = new HttpClient();
        using (var put = await http.PutAsync(putUrl, new StringContent("hello from a browser")))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("hello from a browser", await http.GetStringAsync(getUrl));
    }
}
