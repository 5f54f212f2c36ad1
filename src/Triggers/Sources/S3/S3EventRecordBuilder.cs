using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Emulators.Storage.Engine;
using Platform.Functions.Events;

namespace Platform.Triggers.Sources.S3;

/// <summary>
/// Writes the event S3 sends to a Lambda function for one change: <c>{"Records":[record]}</c>, one
/// record per event as S3 does, fields in the order of AWS's notification-content-structure docs.
/// </summary>
public static class S3EventRecordBuilder
{
    public const string EventVersion = "2.1";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keys and names are user data: the relaxed encoder keeps "+" and non-ASCII readable
        // instead of \u002B escapes; JSON stays valid either way.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Build(StorageChange change, string configurationId, S3EventContext context)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("Records");
            WriteRecord(json, change, configurationId, context);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void WriteRecord(Utf8JsonWriter json, StorageChange change, string configurationId, S3EventContext context)
    {
        json.WriteStartObject();
        json.WriteString("eventVersion", EventVersion);
        json.WriteString("eventSource", "aws:s3");
        json.WriteString("awsRegion", context.Region);
        json.WriteString("eventTime", AwsTime.Iso8601(change.EventTime));
        json.WriteString("eventName", change.EventName);

        json.WriteStartObject("userIdentity");
        json.WriteString("principalId", context.RequesterPrincipalId);
        json.WriteEndObject();

        json.WriteStartObject("requestParameters");
        json.WriteString("sourceIPAddress", change.SourceIpAddress);
        json.WriteEndObject();

        json.WriteStartObject("responseElements");
        json.WriteString("x-amz-request-id", change.RequestId);
        json.WriteString("x-amz-id-2", HostId(change.RequestId));
        json.WriteEndObject();

        json.WriteStartObject("s3");
        json.WriteString("s3SchemaVersion", "1.0");
        json.WriteString("configurationId", configurationId);

        json.WriteStartObject("bucket");
        json.WriteString("name", change.Bucket);
        json.WriteStartObject("ownerIdentity");
        json.WriteString("principalId", context.OwnerPrincipalId);
        json.WriteEndObject();
        json.WriteString("arn", "arn:aws:s3:::" + change.Bucket);
        json.WriteEndObject();

        json.WriteStartObject("object");
        json.WriteString("key", S3ObjectKey.Encode(change.Key));
        // S3 reports size and eTag for created objects only; a removed object has neither.
        if (IsCreated(change))
        {
            json.WriteNumber("size", change.Size ?? 0);
            if (change.ETag is not null)
                json.WriteString("eTag", change.ETag);
        }

        if (change.VersionId is not null)
            json.WriteString("versionId", change.VersionId);
        json.WriteString("sequencer", change.Sequencer);
        json.WriteEndObject();

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static bool IsCreated(StorageChange change) =>
        change.EventName.StartsWith("ObjectCreated:", StringComparison.Ordinal);

    // S3's x-amz-id-2 is an opaque base64 host id. Derived from the request id so the same change
    // always yields the same event (a redelivered event is byte-identical).
    private static string HostId(string requestId) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(requestId)));
}
