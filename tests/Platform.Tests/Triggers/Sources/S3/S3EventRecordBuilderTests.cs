using System.Text.Json;
using Platform.Emulators.Storage.Engine;
using Platform.Triggers;
using Platform.Triggers.Sources.S3;

namespace Platform.Tests.Triggers.Sources.S3;

public sealed class S3EventRecordBuilderTests
{
    private static readonly S3EventContext Context = new("eu-west-1", "123456789012");

    private static StorageChange Change(string eventName = "ObjectCreated:Put", string key = "red flower+1.jpg",
        long? size = 1024, string? eTag = "d41d8cd98f00b204e9800998ecf8427e", string? versionId = null) => new()
    {
        Sequence = 0x1A2B,
        Bucket = "uploads",
        Key = key,
        EventName = eventName,
        Size = size,
        ETag = eTag,
        VersionId = versionId,
        EventTime = new DateTimeOffset(2026, 11, 22, 7, 30, 28, 123, TimeSpan.FromHours(2)),
        SourceIpAddress = "10.0.0.7",
        RequestId = "C3D13FE58DE4C810",
    };

    private static JsonElement Record(StorageChange change)
    {
        var json = S3EventRecordBuilder.Build(change, "resize-config", Context);
        var records = JsonDocument.Parse(json).RootElement.GetProperty("Records");
        Assert.Equal(1, records.GetArrayLength());
        return records[0];
    }

    [Fact]
    public void Writes_every_field_of_a_created_event()
    {
        var record = Record(Change());

        Assert.Equal("2.1", record.GetProperty("eventVersion").GetString());
        Assert.Equal("aws:s3", record.GetProperty("eventSource").GetString());
        Assert.Equal("eu-west-1", record.GetProperty("awsRegion").GetString());
        Assert.Equal("2026-11-22T05:30:28.123Z", record.GetProperty("eventTime").GetString());
        Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
        Assert.Equal("AWS:123456789012", record.GetProperty("userIdentity").GetProperty("principalId").GetString());
        Assert.Equal("10.0.0.7", record.GetProperty("requestParameters").GetProperty("sourceIPAddress").GetString());

        var response = record.GetProperty("responseElements");
        Assert.Equal("C3D13FE58DE4C810", response.GetProperty("x-amz-request-id").GetString());
        Assert.False(string.IsNullOrEmpty(response.GetProperty("x-amz-id-2").GetString()));
        Convert.FromBase64String(response.GetProperty("x-amz-id-2").GetString()!);

        var s3 = record.GetProperty("s3");
        Assert.Equal("1.0", s3.GetProperty("s3SchemaVersion").GetString());
        Assert.Equal("resize-config", s3.GetProperty("configurationId").GetString());
        var bucket = s3.GetProperty("bucket");
        Assert.Equal("uploads", bucket.GetProperty("name").GetString());
        Assert.Equal("123456789012", bucket.GetProperty("ownerIdentity").GetProperty("principalId").GetString());
        Assert.Equal("arn:aws:s3:::uploads", bucket.GetProperty("arn").GetString());

        var obj = s3.GetProperty("object");
        Assert.Equal("red+flower%2B1.jpg", obj.GetProperty("key").GetString());
        Assert.Equal(1024, obj.GetProperty("size").GetInt64());
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", obj.GetProperty("eTag").GetString());
        Assert.False(obj.TryGetProperty("versionId", out _));
        Assert.Equal("0000000000001A2B", obj.GetProperty("sequencer").GetString());
    }

    [Fact]
    public void Keeps_AWS_field_order()
    {
        var record = Record(Change(versionId: "v1"));
        Assert.Equal(["eventVersion", "eventSource", "awsRegion", "eventTime", "eventName", "userIdentity",
            "requestParameters", "responseElements", "s3"], record.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["s3SchemaVersion", "configurationId", "bucket", "object"],
            record.GetProperty("s3").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["key", "size", "eTag", "versionId", "sequencer"],
            record.GetProperty("s3").GetProperty("object").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("ObjectRemoved:Delete")]
    [InlineData("ObjectRemoved:DeleteMarkerCreated")]
    public void Removed_events_have_no_size_or_eTag(string eventName)
    {
        var obj = Record(Change(eventName, size: 5, eTag: "abc")).GetProperty("s3").GetProperty("object");

        Assert.False(obj.TryGetProperty("size", out _));
        Assert.False(obj.TryGetProperty("eTag", out _));
        Assert.True(obj.TryGetProperty("sequencer", out _));
    }

    [Fact]
    public void Writes_the_version_id_when_there_is_one() =>
        Assert.Equal("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
            Record(Change(versionId: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")).GetProperty("s3").GetProperty("object").GetProperty("versionId").GetString());

    [Fact]
    public void Unicode_keys_are_percent_encoded_utf8() =>
        Assert.Equal("photos/caf%C3%A9+%E6%97%A5.jpg",
            Record(Change(key: "photos/café 日.jpg")).GetProperty("s3").GetProperty("object").GetProperty("key").GetString());

    [Fact]
    public void Event_time_is_utc_with_milliseconds() =>
        Assert.Equal("2026-01-02T03:04:05.000Z",
            AwsTime.Iso8601(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));

    [Fact]
    public void The_same_change_gives_the_same_event() =>
        Assert.Equal(S3EventRecordBuilder.Build(Change(), "c", Context), S3EventRecordBuilder.Build(Change(), "c", Context));
}
