using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Platform.Host.ApiGateway;

/// <summary>Payload 2.0's response mapping, shared by function URLs and HTTP APIs: how Lambda turns a function's result into the URL's HTTP response: an object with
/// <c>statusCode</c> is a response (headers, cookies, body, isBase64Encoded); anything else valid
/// JSON is the body of a 200 application/json (a string as its text).</summary>
internal sealed record PayloadV2Response(int StatusCode, IReadOnlyList<(string Name, string Value)> Headers, IReadOnlyList<string> Cookies, byte[] Body)
{
    /// <summary>Null when the result is no response Lambda can map (a statusCode that is no status).</summary>
    public static PayloadV2Response? Map(string? payload)
    {
        payload ??= "null";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out var status))
            {
                var text = root.ValueKind == JsonValueKind.String ? root.GetString()! : payload;
                return new(200, [("Content-Type", "application/json")], [], Encoding.UTF8.GetBytes(text));
            }
            if (!TryStatus(status, out var code))
                return null;
            var headers = new List<(string, string)>();
            if (root.TryGetProperty("headers", out var headerObject) && headerObject.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in headerObject.EnumerateObject())
                    headers.Add((header.Name, Scalar(header.Value)));
            }
            if (!headers.Any(h => h.Item1.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
                headers.Add(("Content-Type", "application/json"));
            var cookies = root.TryGetProperty("cookies", out var cookieArray) && cookieArray.ValueKind == JsonValueKind.Array
                ? cookieArray.EnumerateArray().Select(Scalar).ToList()
                : [];
            var base64 = root.TryGetProperty("isBase64Encoded", out var flag) && flag.ValueKind == JsonValueKind.True;
            byte[] body = [];
            if (root.TryGetProperty("body", out var bodyValue) && bodyValue.ValueKind != JsonValueKind.Null)
            {
                var text = Scalar(bodyValue);
                if (base64)
                {
                    try
                    {
                        body = Convert.FromBase64String(text);
                    }
                    catch (FormatException)
                    {
                        return null;
                    }
                }
                else
                {
                    body = Encoding.UTF8.GetBytes(text);
                }
            }
            return new(code, headers, cookies, body);
        }
    }

    public async Task WriteAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCode;
        foreach (var header in Headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
            response.Headers[header.Key] = header.Select(h => h.Value).ToArray();
        foreach (var cookie in Cookies)
            response.Headers.Append("Set-Cookie", cookie);
        // HTTP forbids a body (and Kestrel a Content-Length) on 1xx, 204 and 304: a function's is dropped.
        if (StatusCode is < 200 or 204 or 304)
            return;
        response.ContentLength = Body.Length;
        await response.Body.WriteAsync(Body, cancellationToken).ConfigureAwait(false);
    }

    private static bool TryStatus(JsonElement status, out int code)
    {
        code = 0;
        var ok = status.ValueKind == JsonValueKind.Number ? status.TryGetInt32(out code)
            : status.ValueKind == JsonValueKind.String && int.TryParse(status.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out code);
        return ok && code is >= 100 and <= 599;
    }

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        _ => value.GetRawText(),
    };
}
