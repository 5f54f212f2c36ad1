using Platform.Emulators.State;
using Platform.Emulators.Storage.Engine;

namespace Platform.Tests.Storage;

public sealed class StorageEngineTests
{
    [Fact]
    public async Task Put_CommitsObjectAndJournalTogether_AndSignalsAfterTheCommit()
    {
        await using var h = new EngineHarness();
        await h.Engine.CreateBucketAsync("bucket", null, CancellationToken.None);
        var seen = h.Engine.JournalChanged.Version;

        var info = await h.PutAsync("bucket", "a.txt", "hello");

        Assert.True(await h.Engine.JournalChanged.WaitAsync(seen, TimeSpan.Zero, TimeProvider.System, CancellationToken.None));
        var change = Assert.Single(h.Engine.ReadChanges(0, 10));
        Assert.Equal(h.Engine.LatestSequence, change.Sequence);
        Assert.Equal(("bucket", "a.txt", "ObjectCreated:Put", 5L, info.ETag), (change.Bucket, change.Key, change.EventName, change.Size!.Value, change.ETag));
        Assert.Equal(("REQ1", "10.1.2.3"), (change.RequestId, change.SourceIpAddress));
        Assert.Equal(h.Time.GetUtcNow(), change.EventTime);
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", info.ETag);
    }

    [Fact]
    public async Task Sequencers_IncreaseStrictly_AcrossPutsAndDeletesOfOneKey()
    {
        await using var h = new EngineHarness();
        await h.Engine.CreateBucketAsync("bucket", null, CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => h.PutAsync("bucket", "k", i.ToString())));
        await h.Engine.DeleteObjectAsync("bucket", "k", EngineHarness.Origin, CancellationToken.None);
        await h.PutAsync("bucket", "k", "last");

        var changes = h.Engine.ReadChanges(0, 100);
        Assert.Equal(22, changes.Count);
        Assert.Equal(changes.Select(c => c.Sequencer).Order(StringComparer.Ordinal), changes.Select(c => c.Sequencer));
        Assert.Equal(changes.Count, changes.Select(c => c.Sequence).Distinct().Count());
        Assert.Equal("ObjectRemoved:Delete", changes[20].EventName);
        Assert.Null(changes[20].Size);
        Assert.Equal("last", new StreamReader(h.Engine.OpenObject("bucket", "k").Body).ReadToEnd());
    }

    [Fact]
    public async Task Multipart_JournalsOnlyCompletion_WithS3sETag()
    {
        await using var h = new EngineHarness(new StorageOptions { MinPartSize = 4 });
        await h.Engine.CreateBucketAsync("bucket", null, CancellationToken.None);
        var upload = await h.Engine.CreateMultipartUploadAsync("bucket", "big", ObjectMetadata.Empty, CancellationToken.None);
        var p1 = await h.Engine.UploadPartAsync("bucket", "big", upload.UploadId, 1, new MemoryStream("aaaa"u8.ToArray()), 4, null, CancellationToken.None);
        var p2 = await h.Engine.UploadPartAsync("bucket", "big", upload.UploadId, 2, new MemoryStream("b"u8.ToArray()), 1, null, CancellationToken.None);
        Assert.Empty(h.Engine.ReadChanges(0, 10));

        var tooSmall = await Assert.ThrowsAsync<StorageException>(() => h.Engine.CompleteMultipartUploadAsync("bucket", "big", upload.UploadId,
            [new CompletedPart(2, p2.ETag), new CompletedPart(3, p2.ETag)], EngineHarness.Origin, CancellationToken.None));
        Assert.Equal("InvalidPart", tooSmall.Code);

        var info = await h.Engine.CompleteMultipartUploadAsync("bucket", "big", upload.UploadId,
            [new CompletedPart(1, "\"" + p1.ETag + "\""), new CompletedPart(2, p2.ETag)], EngineHarness.Origin, CancellationToken.None);

        Assert.Equal(StorageEngine.MultipartETag([p1.ETag, p2.ETag]), info.ETag);
        Assert.EndsWith("-2", info.ETag);
        var change = Assert.Single(h.Engine.ReadChanges(0, 10));
        Assert.Equal("ObjectCreated:CompleteMultipartUpload", change.EventName);
        Assert.Equal(5, change.Size);
        Assert.Equal("aaaab", new StreamReader(h.Engine.OpenObject("bucket", "big").Body).ReadToEnd());
        // Part files are gone once the object owns the bytes.
        Assert.Single(Directory.EnumerateFiles(h.Directory.BodiesPath));
    }

    [Fact]
    public async Task Multipart_RejectsEntityTooSmallAndBadOrder()
    {
        await using var h = new EngineHarness(new StorageOptions { MinPartSize = 4 });
        await h.Engine.CreateBucketAsync("bucket", null, CancellationToken.None);
        var upload = await h.Engine.CreateMultipartUploadAsync("bucket", "big", ObjectMetadata.Empty, CancellationToken.None);
        var p1 = await h.Engine.UploadPartAsync("bucket", "big", upload.UploadId, 1, new MemoryStream("a"u8.ToArray()), 1, null, CancellationToken.None);
        var p2 = await h.Engine.UploadPartAsync("bucket", "big", upload.UploadId, 2, new MemoryStream("b"u8.ToArray()), 1, null, CancellationToken.None);

        Task Complete(params CompletedPart[] parts) =>
            h.Engine.CompleteMultipartUploadAsync("bucket", "big", upload.UploadId, parts, EngineHarness.Origin, CancellationToken.None);
        Assert.Equal("EntityTooSmall", (await Assert.ThrowsAsync<StorageException>(() => Complete(new(1, p1.ETag), new(2, p2.ETag)))).Code);
        Assert.Equal("InvalidPartOrder", (await Assert.ThrowsAsync<StorageException>(() => Complete(new(2, p2.ETag), new(1, p1.ETag)))).Code);
        Assert.Equal("NoSuchUpload", (await Assert.ThrowsAsync<StorageException>(() =>
            h.Engine.CompleteMultipartUploadAsync("bucket", "big", "nope", [new(1, p1.ETag)], EngineHarness.Origin, CancellationToken.None))).Code);
        Assert.Equal("InvalidArgument", (await Assert.ThrowsAsync<StorageException>(() => h.Engine.UploadPartAsync("bucket", "big",
            upload.UploadId, 10001, new MemoryStream(), 0, null, CancellationToken.None))).Code);
    }

    [Fact]
    public async Task Limits_AreCheckedFromTheDeclaredLength_AndWhileStreaming()
    {
        await using var h = new EngineHarness(new StorageOptions { MaxObjectSize = 10 });
        await h.Engine.CreateBucketAsync("bucket", null, CancellationToken.None);
        var declared = await Assert.ThrowsAsync<StorageException>(() => h.Engine.PutObjectAsync(
            new PutObjectRequest("bucket", "k") { ContentLength = 11 }, new ThrowingStream(), EngineHarness.Origin, CancellationToken.None));
        Assert.Equal("EntityTooLarge", declared.Code);
        var streamed = await Assert.ThrowsAsync<StorageException>(() => h.Engine.PutObjectAsync(
            new PutObjectRequest("bucket", "k"), new MemoryStream(new byte[11]), EngineHarness.Origin, CancellationToken.None));
        Assert.Equal("EntityTooLarge", streamed.Code);
        Assert.Empty(Directory.EnumerateFiles(h.Directory.TempPath));
        Assert.Empty(Directory.EnumerateFiles(h.Directory.BodiesPath));
        Assert.Empty(h.Engine.ReadChanges(0, 10));
    }

    [Fact]
    public async Task Construction_SweepsTempFilesAndUnreferencedBodies()
    {
        var directory = DataDirectory.Open(Path.Combine(Path.GetTempPath(), "sweep-" + Guid.NewGuid().ToString("N")));
        try
        {
            var first = new EngineHarness(directory: directory);
            await first.Engine.CreateBucketAsync("bucket", null, CancellationToken.None);
            await first.PutAsync("bucket", "kept", "kept");
            var upload = await first.Engine.CreateMultipartUploadAsync("bucket", "mp", ObjectMetadata.Empty, CancellationToken.None);
            await first.Engine.UploadPartAsync("bucket", "mp", upload.UploadId, 1, new MemoryStream([1]), 1, null, CancellationToken.None);
            await first.CloseDatabaseAsync();
            await File.WriteAllTextAsync(directory.NewTempFile(), "half-written");
            var orphan = directory.BodyPath(DataDirectory.NewBodyId());
            await File.WriteAllTextAsync(orphan, "never committed");

            await using var second = new EngineHarness(directory: directory);
            Assert.Empty(Directory.EnumerateFiles(directory.TempPath));
            Assert.False(File.Exists(orphan));
            Assert.Equal(2, Directory.EnumerateFiles(directory.BodiesPath).Count());
            Assert.Equal("kept", new StreamReader(second.Engine.OpenObject("bucket", "kept").Body).ReadToEnd());
            Assert.Equal(first.Engine.LatestSequence, second.Engine.LatestSequence);
        }
        finally
        {
            Directory.Delete(directory.Root, recursive: true);
        }
    }

    [Fact]
    public async Task Buckets_FollowS3Rules()
    {
        await using var h = new EngineHarness();
        await h.Engine.CreateBucketAsync("bucket", null, CancellationToken.None);
        Assert.Equal("BucketAlreadyOwnedByYou", (await Assert.ThrowsAsync<StorageException>(() =>
            h.Engine.CreateBucketAsync("bucket", null, CancellationToken.None))).Code);
        await h.Engine.EnsureBucketAsync("bucket", CancellationToken.None);
        Assert.Equal("InvalidBucketName", (await Assert.ThrowsAsync<StorageException>(() =>
            h.Engine.CreateBucketAsync("Bad_Name", null, CancellationToken.None))).Code);
        await h.PutAsync("bucket", "x", "x");
        Assert.Equal("BucketNotEmpty", (await Assert.ThrowsAsync<StorageException>(() =>
            h.Engine.DeleteBucketAsync("bucket", CancellationToken.None))).Code);
        await h.Engine.DeleteObjectAsync("bucket", "x", EngineHarness.Origin, CancellationToken.None);
        await h.Engine.DeleteBucketAsync("bucket", CancellationToken.None);
        Assert.Equal("NoSuchBucket", Assert.Throws<StorageException>(() => h.Engine.HeadObject("bucket", "x")).Code);
    }

    [Fact]
    public async Task Listing_OrdersByUtf8Bytes_RollsUpPrefixes_AndPages()
    {
        await using var h = new EngineHarness();
        await h.Engine.CreateBucketAsync("bucket", null, CancellationToken.None);
        string[] keys = ["a/1", "a/2", "a/b/3", "b", "c/1", "\uFF5E", "\U0001F600", "z"];
        foreach (var key in keys)
            await h.PutAsync("bucket", key, key);

        var all = h.Engine.ListObjects(new ListObjectsQuery("bucket"));
        // UTF-8 order: U+FF5E (EF BD 9E) before U+1F600 (F0 9F 98 80), unlike UTF-16 ordinal order.
        Assert.Equal(["a/1", "a/2", "a/b/3", "b", "c/1", "z", "\uFF5E", "\U0001F600"], all.Objects.Select(o => o.Key));

        var grouped = h.Engine.ListObjects(new ListObjectsQuery("bucket") { Delimiter = "/" });
        Assert.Equal(["a/", "c/"], grouped.CommonPrefixes);
        Assert.Equal(["b", "z", "\uFF5E", "\U0001F600"], grouped.Objects.Select(o => o.Key));

        var page1 = h.Engine.ListObjects(new ListObjectsQuery("bucket") { Delimiter = "/", MaxKeys = 2 });
        Assert.True(page1.IsTruncated);
        Assert.Equal("b", page1.NextMarker);
        var page2 = h.Engine.ListObjects(new ListObjectsQuery("bucket") { Delimiter = "/", MaxKeys = 2, After = page1.NextMarker });
        Assert.Equal(["c/"], page2.CommonPrefixes);
        Assert.Equal(["z"], page2.Objects.Select(o => o.Key));
        var afterPrefix = h.Engine.ListObjects(new ListObjectsQuery("bucket") { Delimiter = "/", After = "a/" });
        Assert.DoesNotContain("a/", afterPrefix.CommonPrefixes);

        var nested = h.Engine.ListObjects(new ListObjectsQuery("bucket") { Prefix = "a/", Delimiter = "/" });
        Assert.Equal(["a/b/"], nested.CommonPrefixes);
        Assert.Equal(["a/1", "a/2"], nested.Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task Trim_DropsReadEntries_AndKeepsTheSequenceGoing()
    {
        await using var h = new EngineHarness();
        await h.Engine.CreateBucketAsync("bucket", null, CancellationToken.None);
        await h.PutAsync("bucket", "1", "1");
        await h.PutAsync("bucket", "2", "2");
        await h.Engine.TrimJournalAsync(h.Engine.LatestSequence, CancellationToken.None);
        Assert.Empty(h.Engine.ReadChanges(0, 10));
        await h.PutAsync("bucket", "3", "3");
        Assert.Equal(3, Assert.Single(h.Engine.ReadChanges(0, 10)).Sequence);
    }

    private sealed class ThrowingStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the body must not be read");
    }
}
