using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Platform.Host.ApiGateway;

/// <summary>The request event of payload format 1.0 — REST APIs' Lambda proxy event, which HTTP APIs
/// send with <c>"version": "1.0"</c> first: single- and multi-value headers and query parameters,
/// null for what the request lacks. Members in the order of AWS's documented example event.</summary>
internal static class PayloadV1Event
{
    /// <param name="httpApi">True for an HTTP API's payload 1.0 (version member, no resource id).</param>
    /// <param name="base64">Whether the body reaches the function base64-encoded.</param>
    public static string Build(HttpEventSource source, bool httpApi, bool base64)
    {
        var request = source.Request;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (httpApi)
                json.WriteString("version", "1.0");
            json.WriteString("resource", source.Resource);
            json.WriteString("path", source.Path);
            json.WriteString("httpMethod", request.Method);

            var headers = request.Headers.Select(h => (h.Key, h.Value))
                .Concat(source.ForwardingHeaders().Select(h => (h.Name, new StringValues(h.Value)))).ToList();
            json.WriteStartObject("headers");
            foreach (var (name, values) in headers)
                json.WriteString(name, values[values.Count - 1]);
            json.WriteEndObject();
            json.WriteStartObject("multiValueHeaders");
            foreach (var (name, values) in headers)
                WriteArray(json, name, values);
            json.WriteEndObject();

            var query = source.RawQuery.Length == 0 ? null : QueryHelpers.ParseQuery(source.RawQuery);
            if (query is null)
            {
                json.WriteNull("queryStringParameters");
                json.WriteNull("multiValueQueryStringParameters");
            }
            else
            {
                json.WriteStartObject("queryStringParameters");
                foreach (var (name, values) in query)
                    json.WriteString(name, values[values.Count - 1]);
                json.WriteEndObject();
                json.WriteStartObject("multiValueQueryStringParameters");
                foreach (var (name, values) in query)
                    WriteArray(json, name, values);
                json.WriteEndObject();
            }
            WriteMap(json, "pathParameters", source.PathParameters);
            WriteMap(json, "stageVariables", source.StageVariables);

            WriteRequestContext(json, source, httpApi);

            if (source.Body.IsEmpty)
                json.WriteNull("body");
            else
                json.WriteString("body", base64 ? Convert.ToBase64String(source.Body.Span) : Encoding.UTF8.GetString(source.Body.Span));
            json.WriteBoolean("isBase64Encoded", base64 && !source.Body.IsEmpty);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteRequestContext(Utf8JsonWriter json, HttpEventSource source, bool httpApi)
    {
        var request = source.Request;
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
        json.WriteString("extendedRequestId", source.RequestId);
        json.WriteString("httpMethod", request.Method);
        json.WriteStartObject("identity");
        foreach (var name in new[] { "accessKey", "accountId", "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType",
            "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId" })
        {
            json.WriteNull(name);
        }
        json.WriteString("sourceIp", source.SourceIp);
        json.WriteNull("user");
        json.WriteString("userAgent", request.Headers.UserAgent.ToString());
        json.WriteNull("userArn");
        json.WriteEndObject();
        // REST APIs show the stage in requestContext.path; an HTTP API the path the client sent.
        json.WriteString("path", httpApi ? source.RawPath : $"/{source.Stage}{(source.Path == "/" ? "/" : source.Path)}");
        json.WriteString("protocol", request.Protocol);
        json.WriteString("requestId", source.RequestId);
        json.WriteString("requestTime", source.Time);
        json.WriteNumber("requestTimeEpoch", source.Received.ToUnixTimeMilliseconds());
        if (source.ResourceId is null)
            json.WriteNull("resourceId");
        else
            json.WriteString("resourceId", source.ResourceId);
        json.WriteString("resourcePath", source.Resource);
        json.WriteString("stage", source.Stage);
        json.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter json, string name, StringValues values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }

    // Format 1.0 writes null for an empty map.
    private static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string>? map)
    {
        if (map is not { Count: > 0 })
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartObject(name);
        foreach (var (key, value) in map)
            json.WriteString(key, value);
        json.WriteEndObject();
    }
}
