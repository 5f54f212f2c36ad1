using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Platform.Emulators.Storage.Engine;

/// <summary>The message S3 sends to a new queue or topic destination when a notification
/// configuration is put: <c>{"Service":"Amazon S3","Event":"s3:TestEvent","Time":…,"Bucket":…,
/// "RequestId":…,"HostId":…}</c> (AWS's notification-content-structure docs).</summary>
public static class S3TestEvent
{
    public static string Build(string bucket, DateTimeOffset time, string requestId)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Service", "Amazon S3");
            json.WriteString("Event", "s3:TestEvent");
            json.WriteString("Time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("Bucket", bucket);
            json.WriteString("RequestId", requestId);
            json.WriteString("HostId", Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(requestId))));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
