using System.Buffers;
using System.Text;
using System.Text.Json;
using Platform.Emulators.Events.Engine;
using Platform.Emulators.Storage.Engine;

namespace Platform.Triggers.Sources.S3;

/// <summary>
/// The event S3 puts on the default bus for a bucket with EventBridgeConfiguration (AWS's "EventBridge
/// event message structure"): source <c>aws.s3</c>, detail-type "Object Created"/"Object Deleted",
/// resources the bucket's ARN, and a detail of version, bucket.name, object{key, size, etag,
/// version-id, sequencer}, request-id, requester, source-ip-address, reason (and deletion-type for a
/// deletion). Unlike the notification record, the key is not URL-encoded and the etag has no quotes.
/// </summary>
public static class S3EventBridgeEvent
{
    public const string Source = "aws.s3";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static EventEntry Build(StorageChange change, S3EventContext context) => new()
    {
        Source = Source,
        DetailType = DetailType(change.EventName),
        Detail = Detail(change, context),
        Resources = ["arn:aws:s3:::" + change.Bucket],
        Time = change.EventTime,
        FromAwsService = true,
    };

    /// <summary>"Object Created" for ObjectCreated:*, "Object Deleted" for ObjectRemoved:*; the other
    /// families as AWS names them.</summary>
    public static string DetailType(string eventName) => eventName.Split(':')[0] switch
    {
        "ObjectCreated" => "Object Created",
        "ObjectRemoved" => "Object Deleted",
        "ObjectRestore" => eventName.EndsWith(":Completed", StringComparison.Ordinal) ? "Object Restore Completed" : "Object Restore Initiated",
        "ObjectTagging" => eventName.EndsWith(":Delete", StringComparison.Ordinal) ? "Object Tags Deleted" : "Object Tags Added",
        "ObjectAcl" => "Object ACL Updated",
        "LifecycleTransition" => "Object Storage Class Changed",
        _ => eventName,
    };

    /// <summary>The API call behind the event, as <c>detail.reason</c> names it.</summary>
    public static string Reason(string eventName) => eventName switch
    {
        S3EventTypes.ObjectCreatedPut => "PutObject",
        S3EventTypes.ObjectCreatedPost => "POST Object",
        S3EventTypes.ObjectCreatedCopy => "CopyObject",
        S3EventTypes.ObjectCreatedCompleteMultipartUpload => "CompleteMultipartUpload",
        _ when eventName.StartsWith("ObjectRemoved:", StringComparison.Ordinal) => "DeleteObject",
        _ => eventName,
    };

    public static string Detail(StorageChange change, S3EventContext context)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("version", "0");
            json.WriteStartObject("bucket");
            json.WriteString("name", change.Bucket);
            json.WriteEndObject();

            json.WriteStartObject("object");
            json.WriteString("key", change.Key);
            if (change.EventName.StartsWith("ObjectCreated:", StringComparison.Ordinal))
            {
                json.WriteNumber("size", change.Size ?? 0);
                if (change.ETag is not null)
                    json.WriteString("etag", change.ETag);
            }

            if (change.VersionId is not null)
                json.WriteString("version-id", change.VersionId);
            json.WriteString("sequencer", change.Sequencer);
            json.WriteEndObject();

            json.WriteString("request-id", change.RequestId);
            json.WriteString("requester", context.AccountId);
            json.WriteString("source-ip-address", change.SourceIpAddress);
            json.WriteString("reason", Reason(change.EventName));
            if (change.EventName.StartsWith("ObjectRemoved:", StringComparison.Ordinal))
                json.WriteString("deletion-type", change.EventName.EndsWith("DeleteMarkerCreated", StringComparison.Ordinal)
                    ? "Delete Marker Created" : "Permanently Deleted");
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
