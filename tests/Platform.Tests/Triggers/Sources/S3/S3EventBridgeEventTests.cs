using Platform.Emulators.Storage.Engine;
using Platform.Triggers.Sources.S3;

namespace Platform.Tests.Triggers.Sources.S3;

/// <summary>S3's events on the default bus, against the examples of AWS's "EventBridge event message
/// structure" page (field order and names; the key is not URL-encoded, the etag has no quotes).</summary>
public sealed class S3EventBridgeEventTests
{
    private static readonly S3EventContext Context = new("us-east-1", "123456789012");

    private static StorageChange Change(string eventName, string key = "example key+1") => new()
    {
        Sequence = 0x617f08299329d189,
        Bucket = "amzn-s3-demo-bucket1",
        Key = key,
        EventName = eventName,
        Size = eventName.StartsWith("ObjectCreated", StringComparison.Ordinal) ? 5 : null,
        ETag = eventName.StartsWith("ObjectCreated", StringComparison.Ordinal) ? "b1946ac92492d2347c6235b4d2611184" : null,
        EventTime = new DateTimeOffset(2021, 11, 12, 0, 0, 0, 123, TimeSpan.Zero),
        SourceIpAddress = "1.2.3.4",
        RequestId = "N4N7GDK58NMKJ12R",
    };

    [Fact]
    public void Object_created_is_the_documented_entry()
    {
        var entry = S3EventBridgeEvent.Build(Change("ObjectCreated:Put"), Context);

        Assert.Equal("aws.s3", entry.Source);
        Assert.Equal("Object Created", entry.DetailType);
        Assert.Equal(["arn:aws:s3:::amzn-s3-demo-bucket1"], entry.Resources);
        Assert.Equal(new DateTimeOffset(2021, 11, 12, 0, 0, 0, 123, TimeSpan.Zero), entry.Time);
        Assert.True(entry.FromAwsService);
        Assert.Equal("""
            {"version":"0","bucket":{"name":"amzn-s3-demo-bucket1"},"object":{"key":"example key+1","size":5,"etag":"b1946ac92492d2347c6235b4d2611184","sequencer":"617F08299329D189"},"request-id":"N4N7GDK58NMKJ12R","requester":"123456789012","source-ip-address":"1.2.3.4","reason":"PutObject"}
            """, entry.Detail);
    }

    [Fact]
    public void Object_deleted_has_no_size_or_etag_and_says_how_it_was_deleted()
    {
        var entry = S3EventBridgeEvent.Build(Change("ObjectRemoved:Delete", "k"), Context);

        Assert.Equal("Object Deleted", entry.DetailType);
        Assert.Equal("""
            {"version":"0","bucket":{"name":"amzn-s3-demo-bucket1"},"object":{"key":"k","sequencer":"617F08299329D189"},"request-id":"N4N7GDK58NMKJ12R","requester":"123456789012","source-ip-address":"1.2.3.4","reason":"DeleteObject","deletion-type":"Permanently Deleted"}
            """, entry.Detail);
        Assert.Contains("\"deletion-type\":\"Delete Marker Created\"", S3EventBridgeEvent.Detail(Change("ObjectRemoved:DeleteMarkerCreated", "k"), Context));
    }

    [Theory]
    [InlineData("ObjectCreated:Put", "PutObject")]
    [InlineData("ObjectCreated:Post", "POST Object")]
    [InlineData("ObjectCreated:Copy", "CopyObject")]
    [InlineData("ObjectCreated:CompleteMultipartUpload", "CompleteMultipartUpload")]
    [InlineData("ObjectRemoved:Delete", "DeleteObject")]
    public void Reason_names_the_api_call(string eventName, string reason) =>
        Assert.Equal(reason, S3EventBridgeEvent.Reason(eventName));
}
