using System.Globalization;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>Presigned URLs (SigV4 X-Amz-* query parameters, or SigV2 Expires/Signature) are accepted
/// without verifying the signature; only the expiry is enforced, as a client would notice it.</summary>
internal static class PresignedUrl
{
    private const int MaxExpiresSeconds = 604_800;

    /// <summary>SigV2 Expires beyond year 9999 cannot be a date; such a URL simply never expires.</summary>
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public static void Check(S3Query query, DateTimeOffset now)
    {
        if (query.Get("X-Amz-Algorithm") is not null || query.Get("X-Amz-Signature") is not null)
        {
            var date = query.Get("X-Amz-Date");
            var expires = query.Get("X-Amz-Expires");
            if (date is null || expires is null
                || !DateTimeOffset.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt)
                || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                throw new StorageException("AuthorizationQueryParametersError",
                    "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
                    400);
            if (seconds > MaxExpiresSeconds)
                throw new StorageException("AuthorizationQueryParametersError",
                    "X-Amz-Expires must be less than a week (in seconds) that is 604800", 400);
            // Compared as an age: signedAt + seconds overflows for dates near year 9999.
            if ((now - signedAt).TotalSeconds > seconds)
                throw Expired(now, signedAt.AddSeconds(seconds)); // earlier than now: cannot overflow
        }
        else if (query.Get("Signature") is not null && query.Get("Expires") is { } epoch
                 && long.TryParse(epoch, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)
                 && expiresAt <= MaxUnixSeconds)
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(expiresAt);
            if (now > at)
                throw Expired(now, at);
        }
    }

    private static StorageException Expired(DateTimeOffset now, DateTimeOffset expires) =>
        new("AccessDenied", "Request has expired", 403, new Dictionary<string, string>
        {
            ["Expires"] = S3Xml.IsoDate(expires),
            ["ServerTime"] = S3Xml.IsoDate(now),
        });
}
