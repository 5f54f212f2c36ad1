using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Platform.Host.Lambda;

/// <summary>The request event Lambda builds for a function URL: payload format 2.0, headers
/// lower-cased and repeated values joined with commas, cookies out of the headers, query values
/// joined with commas, and the body base64-encoded unless its content type is text.</summary>
internal static class FunctionUrlEvent
{
    public static string Build(HttpRequest request, FunctionUrlConfig config, string rawPath, string region, string accountId,
        string requestId, DateTimeOffset now, ReadOnlyMemory<byte> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "2.0");
            json.WriteString("routeKey", "$default");
            json.WriteString("rawPath", rawPath);
            var rawQuery = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
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
            var remote = request.HttpContext.Connection.RemoteIpAddress;
            var sourceIp = (remote is { IsIPv4MappedToIPv6: true } ? remote.MapToIPv4() : remote ?? IPAddress.Loopback).ToString();
            if (!request.Headers.ContainsKey("X-Forwarded-For"))
                json.WriteString("x-forwarded-for", sourceIp);
            if (!request.Headers.ContainsKey("X-Forwarded-Proto"))
                json.WriteString("x-forwarded-proto", request.Scheme);
            if (!request.Headers.ContainsKey("X-Forwarded-Port"))
                json.WriteString("x-forwarded-port", (request.Host.Port ?? 80).ToString(CultureInfo.InvariantCulture));
            if (!request.Headers.ContainsKey("X-Amzn-Trace-Id"))
                json.WriteString("x-amzn-trace-id", TraceId(requestId, now));
            json.WriteEndObject();

            if (rawQuery.Length > 0)
            {
                json.WriteStartObject("queryStringParameters");
                foreach (var (name, values) in QueryHelpers.ParseQuery(rawQuery))
                    json.WriteString(name, string.Join(",", values.ToArray()));
                json.WriteEndObject();
            }

            json.WriteStartObject("requestContext");
            var signed = config.AuthType == "AWS_IAM";
            json.WriteString("accountId", signed ? accountId : "anonymous");
            json.WriteString("apiId", config.UrlId);
            if (signed)
                WriteIamAuthorizer(json, request, accountId);
            json.WriteString("domainName", FunctionUrlAddress.DomainName(config.UrlId, region));
            json.WriteString("domainPrefix", config.UrlId);
            json.WriteStartObject("http");
            json.WriteString("method", request.Method);
            json.WriteString("path", rawPath);
            json.WriteString("protocol", request.Protocol);
            json.WriteString("sourceIp", sourceIp);
            json.WriteString("userAgent", request.Headers.UserAgent.ToString());
            json.WriteEndObject();
            json.WriteString("requestId", requestId);
            json.WriteString("routeKey", "$default");
            json.WriteString("stage", "$default");
            json.WriteString("time", now.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss '+0000'", CultureInfo.InvariantCulture));
            json.WriteNumber("timeEpoch", now.ToUnixTimeMilliseconds());
            json.WriteEndObject();

            var text = IsText(request.ContentType);
            if (!body.IsEmpty)
                json.WriteString("body", text ? Encoding.UTF8.GetString(body.Span) : Convert.ToBase64String(body.Span));
            json.WriteBoolean("isBase64Encoded", !body.IsEmpty && !text);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>An X-Ray trace header for a request that came without one: the same in the event and the response.</summary>
    public static string TraceId(string requestId, DateTimeOffset received) =>
        $"Root=1-{received.ToUnixTimeSeconds():x8}-{requestId.Replace("-", "", StringComparison.Ordinal)[..24]}";

    /// <summary>Text bodies reach the function as they are; everything else (images, octet streams,
    /// form posts, no content type) base64-encoded, as Lambda does.</summary>
    public static bool IsText(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
            return false;
        var media = contentType.Split(';')[0].Trim().ToLowerInvariant();
        return media.StartsWith("text/", StringComparison.Ordinal)
            || media is "application/json" or "application/javascript" or "application/xml" or "application/ecmascript"
            || media.EndsWith("+json", StringComparison.Ordinal) || media.EndsWith("+xml", StringComparison.Ordinal);
    }

    // Lambda fills authorizer.iam from the verified signature; here from the credential the request names.
    private static void WriteIamAuthorizer(Utf8JsonWriter json, HttpRequest request, string accountId)
    {
        var authorization = request.Headers.Authorization.ToString();
        var credential = authorization.Split(' ', ',').FirstOrDefault(p => p.StartsWith("Credential=", StringComparison.Ordinal))?["Credential=".Length..]
            ?? request.Query["X-Amz-Credential"].ToString();
        var accessKey = credential.Split('/')[0];
        json.WriteStartObject("authorizer");
        json.WriteStartObject("iam");
        json.WriteString("accessKey", accessKey);
        json.WriteString("accountId", accountId);
        json.WriteString("callerId", accessKey);
        json.WriteNull("cognitoIdentity");
        json.WriteNull("principalOrgId");
        json.WriteString("userArn", $"arn:aws:iam::{accountId}:root");
        json.WriteString("userId", accountId);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
