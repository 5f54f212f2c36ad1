using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Platform.Emulators.Edge;

/// <summary>
/// AWS Signature Version 4 as the services check it, for <c>--auth sigv4</c>: the Authorization header
/// or a presigned query, against the configured access keys; the request time within 15 minutes of
/// the platform's clock. S3 signs its path as sent and names the payload hash in
/// x-amz-content-sha256 (UNSIGNED-PAYLOAD and the aws-chunked streaming forms included); the JSON and
/// query services sign a normalised path and the SHA-256 of the body.
/// </summary>
public sealed class SigV4Verifier(IReadOnlyDictionary<string, string> secretsByAccessKey, TimeProvider time)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    /// <summary>Checks <paramref name="request"/>; records a refusal on <paramref name="check"/> when it fails.
    /// <paramref name="s3"/>: S3's canonical path rules; otherwise the body is read (and kept) for its hash.</summary>
    public async Task VerifyAsync(HttpRequest request, bool s3, EdgeCheck check, CancellationToken cancellationToken)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value + request.QueryString.Value;
        var question = rawTarget.IndexOf('?');
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        var rawQuery = question < 0 ? "" : rawTarget[(question + 1)..];
        var query = ParseQuery(rawQuery);

        if (s3 && query.Any(p => p.Key == "AWSAccessKeyId") && query.Any(p => p.Key == "Signature"))
        {
            VerifyPresignedV2(request.Method, rawPath, query, check);
            return;
        }

        string credential, signedHeaders, signature, amzDate;
        var presigned = query.Any(p => p.Key == "X-Amz-Algorithm");
        if (presigned)
        {
            credential = Get(query, "X-Amz-Credential");
            signedHeaders = Get(query, "X-Amz-SignedHeaders");
            signature = Get(query, "X-Amz-Signature");
            amzDate = Get(query, "X-Amz-Date");
        }
        else
        {
            var authorization = request.Headers.Authorization.ToString();
            if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            {
                check.Refuse(EdgeRefusal.MissingAuthentication, "The request is not signed with AWS Signature Version 4 (the platform runs with --auth sigv4).");
                return;
            }

            var parts = authorization[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
            credential = parts.GetValueOrDefault("Credential", "");
            signedHeaders = parts.GetValueOrDefault("SignedHeaders", "");
            signature = parts.GetValueOrDefault("Signature", "");
            amzDate = request.Headers["X-Amz-Date"].ToString();
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || signedHeaders.Length == 0 || signature.Length == 0
            || !DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            check.Refuse(EdgeRefusal.MissingAuthentication, "The request's signature is incomplete: it needs Credential, SignedHeaders, Signature and X-Amz-Date.");
            return;
        }

        if (!secretsByAccessKey.TryGetValue(scope[0], out var secret))
        {
            check.Refuse(EdgeRefusal.UnknownAccessKey, "");
            return;
        }

        var now = time.GetUtcNow();
        if (!presigned && (now - signedAt).Duration() > MaxSkew)
        {
            check.Refuse(EdgeRefusal.ClockSkew,
                $"{amzDate} is more than 15 minutes from the server time {now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.");
            return;
        }

        if (presigned && long.TryParse(Get(query, "X-Amz-Expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && (now - signedAt).TotalSeconds > expires)
        {
            check.Refuse(EdgeRefusal.ClockSkew, "Request has expired");
            return;
        }

        var payloadHash = presigned ? (s3 ? "UNSIGNED-PAYLOAD" : await BodyHashAsync(request, cancellationToken).ConfigureAwait(false))
            : request.Headers["x-amz-content-sha256"].ToString() is { Length: > 0 } declared && s3
                ? declared
                : await BodyHashAsync(request, cancellationToken).ConfigureAwait(false);

        var canonical = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(s3 ? rawPath : EncodePath(rawPath)).Append('\n')
            .Append(CanonicalQuery(query, presigned)).Append('\n');
        foreach (var name in signedHeaders.Split(';'))
            canonical.Append(name).Append(':').Append(HeaderValue(request, name)).Append('\n');
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);

        var stringToSign = $"{Algorithm}\n{amzDate}\n{string.Join('/', scope[1..])}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = SigningKey(secret, scope[1], scope[2], scope[3]);
        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.ToLowerInvariant())))
            check.Refuse(EdgeRefusal.SignatureMismatch, "");
        else if (payloadHash.StartsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", StringComparison.Ordinal))
            check.ChunkSignatures = new ChunkSignatureChain(key, amzDate, string.Join('/', scope[1..]), expected);
    }

    /// <summary>S3's older presigned URLs (what <c>aws s3 presign</c> makes): HMAC-SHA1 over method, expiry and path.</summary>
    private void VerifyPresignedV2(string method, string rawPath, List<KeyValuePair<string, string>> query, EdgeCheck check)
    {
        if (!secretsByAccessKey.TryGetValue(Get(query, "AWSAccessKeyId"), out var secret))
        {
            check.Refuse(EdgeRefusal.UnknownAccessKey, "");
            return;
        }

        var expires = Get(query, "Expires");
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) || time.GetUtcNow().ToUnixTimeSeconds() > epoch)
        {
            check.Refuse(EdgeRefusal.ClockSkew, "Request has expired");
            return;
        }

        var subresources = query.Where(p => V2Subresources.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Value.Length == 0 ? p.Key : p.Key + "=" + p.Value).ToList();
        var suffix = subresources.Count > 0 ? "?" + string.Join('&', subresources) : "";
        var given = Encoding.ASCII.GetBytes(Get(query, "Signature"));
        // Clients differ on whether the resource is the path as sent or decoded: either signs the same request.
        bool Matches(string resource) => CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(Convert.ToBase64String(
            HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{method}\n\n\n{expires}\n{resource}")))));
        if (!Matches(rawPath + suffix) && !Matches(Uri.UnescapeDataString(rawPath) + suffix))
            check.Refuse(EdgeRefusal.SignatureMismatch, "");
    }

    private static readonly HashSet<string> V2Subresources = new(StringComparer.Ordinal)
    {
        "acl", "cors", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy", "requestPayment",
        "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
        "response-content-type", "response-expires", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
    };

    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    /// <summary>Reads the (small, non-S3) body for its hash and leaves it readable for the API.</summary>
    private static async Task<string> BodyHashAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            sha.AppendData(buffer, 0, read);
        request.Body.Position = 0;
        return Hex(sha.GetHashAndReset());
    }

    private static string HeaderValue(HttpRequest request, string name)
    {
        if (name == "host")
            return request.Host.Value ?? "";
        var values = request.Headers[name];
        return string.Join(',', values.Select(v => string.Join(' ', (v ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))));
    }

    private static List<KeyValuePair<string, string>> ParseQuery(string rawQuery) =>
        [.. rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var equals = part.IndexOf('=');
            return new KeyValuePair<string, string>(Unescape(equals < 0 ? part : part[..equals]), equals < 0 ? "" : Unescape(part[(equals + 1)..]));
        })];

    private static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static string CanonicalQuery(List<KeyValuePair<string, string>> query, bool presigned) =>
        string.Join('&', query.Where(p => !(presigned && p.Key == "X-Amz-Signature"))
            .Select(p => (Name: Encode(p.Key), Value: Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));

    /// <summary>The services other than S3 sign the path as sent, URI-encoded once more.</summary>
    private static string EncodePath(string rawPath) =>
        string.Join('/', (rawPath.Length == 0 ? "/" : rawPath).Split('/').Select(Encode));

    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
                builder.Append((char)b);
            else
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static string Get(List<KeyValuePair<string, string>> query, string name) =>
        query.FirstOrDefault(p => p.Key == name).Value ?? "";

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
