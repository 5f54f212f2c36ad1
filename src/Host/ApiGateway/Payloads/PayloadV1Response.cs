using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Platform.Host.ApiGateway;

/// <summary>Payload 1.0's response (the Lambda proxy response): an object with a numeric
/// <c>statusCode</c>, <c>headers</c> and <c>multiValueHeaders</c> (merged), a string <c>body</c> and
/// <c>isBase64Encoded</c>. Anything else is a malformed Lambda proxy response.</summary>
internal static class PayloadV1Response
{
    private static readonly string[] Members = ["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded", "cookies"];

    /// <summary>The response as payload 2.0's shape (no cookies: they are Set-Cookie headers here),
    /// or null when malformed.</summary>
    public static PayloadV2Response? Map(string? payload)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload ?? "null");
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out var status)
                || !TryStatus(status, out var code) || root.EnumerateObject().Any(p => !Members.Contains(p.Name, StringComparer.Ordinal)))
            {
                return null;
            }
            var headers = new List<(string, string)>();
            if (root.TryGetProperty("headers", out var single) && single.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in single.EnumerateObject())
                    headers.Add((header.Name, Scalar(header.Value)));
            }
            if (root.TryGetProperty("multiValueHeaders", out var multi) && multi.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in multi.EnumerateObject())
                {
                    if (header.Value.ValueKind != JsonValueKind.Array)
                        return null;
                    headers.RemoveAll(h => h.Item1.Equals(header.Name, StringComparison.OrdinalIgnoreCase));
                    headers.AddRange(header.Value.EnumerateArray().Select(v => (header.Name, Scalar(v))));
                }
            }
            var base64 = root.TryGetProperty("isBase64Encoded", out var flag) && flag.ValueKind == JsonValueKind.True;
            byte[] body = [];
            if (root.TryGetProperty("body", out var value) && value.ValueKind != JsonValueKind.Null)
            {
                if (value.ValueKind != JsonValueKind.String)
                    return null;
                try
                {
                    body = base64 ? Convert.FromBase64String(value.GetString()!) : Encoding.UTF8.GetBytes(value.GetString()!);
                }
                catch (FormatException)
                {
                    return null;
                }
            }
            if (!headers.Any(h => h.Item1.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
                headers.Add(("Content-Type", "application/json"));
            return new PayloadV2Response(code, headers, [], body);
        }
    }

    private static bool TryStatus(JsonElement status, out int code)
    {
        code = 0;
        var ok = status.ValueKind == JsonValueKind.Number ? status.TryGetInt32(out code)
            : status.ValueKind == JsonValueKind.String && int.TryParse(status.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out code);
        return ok && code is >= 100 and <= 599;
    }

    private static string Scalar(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
