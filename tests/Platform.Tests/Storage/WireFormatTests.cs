using System.Text;
using Platform.Emulators.Storage.Api;
using Platform.Emulators.Storage.Engine;

namespace Platform.Tests.Storage;

public sealed class WireFormatTests
{
    [Theory]
    [InlineData("bytes=0-4", 10, 0, 5)]
    [InlineData("bytes=5-", 10, 5, 5)]
    [InlineData("bytes=-3", 10, 7, 3)]
    [InlineData("bytes=-30", 10, 0, 10)]
    [InlineData("bytes=8-100", 10, 8, 2)]
    public void Range_Satisfiable(string header, long size, long start, long length) =>
        Assert.Equal(new ByteRange(start, length), ByteRange.Parse(header, size));

    [Theory]
    [InlineData(null)]
    [InlineData("items=0-1")]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=0-1,3-4")]
    [InlineData("bytes=x-")]
    public void Range_IgnoredWhenNotASingleValidRange(string? header) => Assert.Null(ByteRange.Parse(header, 10));

    [Theory]
    [InlineData("bytes=10-")]
    [InlineData("bytes=-0")]
    public void Range_Unsatisfiable_IsInvalidRange(string header) =>
        Assert.Equal(416, Assert.Throws<StorageException>(() => ByteRange.Parse(header, 10)).HttpStatus);

    [Fact]
    public async Task ChunkedDecoder_StripsSignaturesAndReadsTrailers()
    {
        var body = "5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=ghi\r\nx-amz-checksum-crc32:AAAA\r\n\r\n";
        var stream = new AwsChunkedStream(new MemoryStream(Encoding.ASCII.GetBytes(body)));
        Assert.Equal("hello world", await new StreamReader(stream).ReadToEndAsync());
        Assert.Equal("AAAA", stream.Trailers["x-amz-checksum-crc32"]);
    }

    [Fact]
    public async Task ChunkedDecoder_HandlesTinyReadsOfTheInnerStream()
    {
        var payload = new byte[70_000];
        Random.Shared.NextBytes(payload);
        var encoded = new MemoryStream();
        encoded.Write(Encoding.ASCII.GetBytes($"{payload.Length:x}\r\n"));
        encoded.Write(payload);
        encoded.Write("\r\n0\r\n\r\n"u8);
        var decoded = new MemoryStream();
        await new AwsChunkedStream(new TrickleStream(encoded.ToArray())).CopyToAsync(decoded);
        Assert.Equal(payload, decoded.ToArray());
    }

    [Fact]
    public async Task ChunkedDecoder_RejectsATruncatedBody()
    {
        var stream = new AwsChunkedStream(new MemoryStream("a\r\nshort"u8.ToArray()));
        await Assert.ThrowsAsync<StorageException>(() => new StreamReader(stream).ReadToEndAsync());
    }

    [Theory]
    [InlineData("red flower.jpg", "red%20flower.jpg")]
    [InlineData("a+b/c", "a%2Bb/c")]
    [InlineData("ü/é", "%C3%BC/%C3%A9")]
    public void ListingKeys_AreUrlEncodedOnRequest(string key, string encoded)
    {
        Assert.Equal(encoded, S3KeyEncoding.Encode(key, url: true));
        Assert.Equal(key, S3KeyEncoding.Encode(key, url: false));
        Assert.Equal(key, Uri.UnescapeDataString(encoded));
    }

    [Theory]
    [InlineData("/bucket/a/../b?x=1", null, "bucket", "a/../b")]
    [InlineData("/bucket/a%2Fb", null, "bucket", "a/b")]
    [InlineData("/bucket/", null, "bucket", null)]
    [InlineData("/", null, null, null)]
    [InlineData("/key/x", "my.bucket.s3.amazonaws.com", "my.bucket", "key/x")]
    [InlineData("/key", "bkt.localhost:4566", "bkt", "key")]
    [InlineData("/bkt/key", "127.0.0.1:4566", "bkt", "key")]
    [InlineData("/bkt/key", "localhost:4566", "bkt", "key")]
    [InlineData("/bkt/key", "s3.localhost.localstack.cloud:4566", "bkt", "key")]
    [InlineData("http://h/bkt/k+x?uploads", null, "bkt", "k+x")]
    public void Target_IsReadFromTheRawPathAndHost(string raw, string? host, string? bucket, string? key)
    {
        var target = S3Target.Parse(raw, host);
        Assert.Equal((bucket, key), (target.Bucket, target.Key));
    }

    [Theory]
    [InlineData("/bucket/%zz")]
    [InlineData("/bucket/abc%")]
    [InlineData("/bucket/abc%4")]
    [InlineData("/bucket/%ff%fe")]
    [InlineData("/bucket/%C0%AF")]
    [InlineData("/bucket/%ED%A0%80")]
    [InlineData("/bucket/a%00b")]
    [InlineData("/b%zz/key")]
    [InlineData("/bucket/key?prefix=%g0")]
    public void Target_WithUndecodableEscapes_IsInvalidURI(string raw) =>
        Assert.Equal("InvalidURI", Assert.Throws<StorageException>(() => S3Target.Parse(raw, null)).Code);

    [Theory]
    [InlineData("/bucket/caf%C3%A9%20%E2%9C%93", "café ✓")]
    [InlineData("/bucket/%F0%9F%98%80", "\U0001F600")]
    [InlineData("/bucket/a%01b", "a\u0001b")]
    public void Target_DecodesValidUtf8(string raw, string key) => Assert.Equal(key, S3Target.Parse(raw, null).Key);

    [Theory]
    [InlineData("bytes=0-4", 0, 5)]
    [InlineData("bytes=3-3", 3, 1)]
    [InlineData("bytes=0-9", 0, 10)]
    public void CopyRange_Valid(string header, long start, long length) =>
        Assert.Equal(new ByteRange(start, length), ByteRange.ParseCopyRange(header, 10));

    [Theory]
    [InlineData("bytes=0-", "InvalidArgument")]
    [InlineData("bytes=-3", "InvalidArgument")]
    [InlineData("bytes=5-2", "InvalidArgument")]
    [InlineData("items=0-1", "InvalidArgument")]
    [InlineData("bytes=0-10", "InvalidRequest")]
    public void CopyRange_IsStrict(string header, string code) =>
        Assert.Equal(code, Assert.Throws<StorageException>(() => ByteRange.ParseCopyRange(header, 10)).Code);

    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7)], cancellationToken);
    }
}
