using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Platform.Host.ApiGateway;

/// <summary>The request event of payload format 2.0, one implementation for function URLs and HTTP
/// APIs: headers lower-cased and repeated values joined with commas, cookies out of the headers,
/// query values joined with commas, and the body base64-encoded unless its content type is text.
/// Members in the order of AWS's documented example event.</summary>
internal static class PayloadV2Event
{
    public static string Build(HttpEventSource source)
    {
        var request = source.Request;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "2.0");
            json.WriteString("routeKey", source.RouteKey);
            json.WriteString("rawPath", source.RawPath);
            var rawQuery = source.RawQuery;
            json.WriteString("rawQueryString", rawQuery);

            var cookies = request.Headers.Cookie.SelectMany(c => (c ?? "").Split(';'))
                .Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
            if (cookies.Count > 0)
            {
                json.WriteStartArray("cookies");
                foreach (var cookie in cookies)
                    json.WriteStringValue(cookie);
                json.WriteEndArray();
            }

            json.WriteStartObject("headers");
            foreach (var (name, values) in request.Headers)
            {
                if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
                    continue;
                json.WriteString(name.ToLowerInvariant(), string.Join(",", values.ToArray()));
            }
            foreach (var (name, value) in source.ForwardingHeaders())
                json.WriteString(name.ToLowerInvariant(), value);
            json.WriteEndObject();

            if (rawQuery.Length > 0)
            {
                json.WriteStartObject("queryStringParameters");
                foreach (var (name, values) in QueryHelpers.ParseQuery(rawQuery))
                    json.WriteString(name, string.Join(",", values.ToArray()));
                json.WriteEndObject();
            }

            json.WriteStartObject("requestContext");
            json.WriteString("accountId", source.AccountId);
            json.WriteString("apiId", source.ApiId);
            if (source.WriteAuthorizer is { } writeAuthorizer)
            {
                json.WritePropertyName("authorizer");
                writeAuthorizer(json);
            }
            json.WriteString("domainName", source.DomainName);
            json.WriteString("domainPrefix", source.DomainPrefix);
            json.WriteStartObject("http");
            json.WriteString("method", request.Method);
            json.WriteString("path", source.RawPath);
            json.WriteString("protocol", request.Protocol);
            json.WriteString("sourceIp", source.SourceIp);
            json.WriteString("userAgent", request.Headers.UserAgent.ToString());
            json.WriteEndObject();
            json.WriteString("requestId", source.RequestId);
            json.WriteString("routeKey", source.RouteKey);
            json.WriteString("stage", source.Stage);
            json.WriteString("time", source.Time);
            json.WriteNumber("timeEpoch", source.Received.ToUnixTimeMilliseconds());
            json.WriteEndObject();

            var text = IsText(request.ContentType);
            if (!source.Body.IsEmpty)
                json.WriteString("body", text ? Encoding.UTF8.GetString(source.Body.Span) : Convert.ToBase64String(source.Body.Span));
            WriteMap(json, "pathParameters", source.PathParameters);
            json.WriteBoolean("isBase64Encoded", !source.Body.IsEmpty && !text);
            WriteMap(json, "stageVariables", source.StageVariables);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>An X-Ray trace header for a request that came without one.</summary>
    public static string TraceId(string requestId, DateTimeOffset received) =>
        $"Root=1-{received.ToUnixTimeSeconds():x8}-{requestId.Replace("-", "", StringComparison.Ordinal)[..24]}";

    /// <summary>Text bodies reach the function as they are; everything else (images, octet streams,
    /// form posts, no content type) base64-encoded, as Lambda and API Gateway do.</summary>
    public static bool IsText(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
            return false;
        var media = contentType.Split(';')[0].Trim().ToLowerInvariant();
        return media.StartsWith("text/", StringComparison.Ordinal)
            || media is "application/json" or "application/javascript" or "application/xml" or "application/ecmascript"
            || media.EndsWith("+json", StringComparison.Ordinal) || media.EndsWith("+xml", StringComparison.Ordinal);
    }

    // Format 2.0 leaves an empty map out.
    private static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string>? map)
    {
        if (map is not { Count: > 0 })
            return;
        json.WriteStartObject(name);
        foreach (var (key, value) in map)
            json.WriteString(key, value);
        json.WriteEndObject();
    }
}
