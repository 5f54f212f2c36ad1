using System.Globalization;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>If-Match / If-None-Match / If-(Un)Modified-Since, with S3's precedence: a matching
/// If-Match overrides If-Unmodified-Since, a failing If-None-Match overrides If-Modified-Since.</summary>
internal static class ObjectConditions
{
    /// <summary>Returns 304 when the client's copy is current, throws 412 when a precondition fails,
    /// returns null to go on.</summary>
    public static int? Evaluate(S3Call call, ObjectInfo info, string prefix = "")
    {
        var ifMatch = call.Header(prefix + "If-Match");
        var ifNoneMatch = call.Header(prefix + "If-None-Match");
        var ifModifiedSince = Date(call.Header(prefix + "If-Modified-Since"));
        var ifUnmodifiedSince = Date(call.Header(prefix + "If-Unmodified-Since"));
        var modified = TruncateToSeconds(info.LastModified);

        if (ifMatch is not null)
        {
            if (!Matches(ifMatch, info.ETag))
                throw StorageErrors.PreconditionFailed(prefix + "If-Match");
        }
        else if (ifUnmodifiedSince is { } unmodified && modified > unmodified)
        {
            throw StorageErrors.PreconditionFailed(prefix + "If-Unmodified-Since");
        }

        if (ifNoneMatch is not null)
        {
            if (Matches(ifNoneMatch, info.ETag))
                return prefix.Length == 0 ? 304 : throw StorageErrors.PreconditionFailed(prefix + "If-None-Match");
        }
        else if (ifModifiedSince is { } since && modified <= since)
        {
            return prefix.Length == 0 ? 304 : throw StorageErrors.PreconditionFailed(prefix + "If-Modified-Since");
        }

        return null;
    }

    private static bool Matches(string header, string etag) =>
        header.Split(',').Select(v => v.Trim()).Any(v => v == "*" || v.Trim('"') == etag);

    private static DateTimeOffset? Date(string? value) =>
        value is not null && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date) ? date : null;

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
