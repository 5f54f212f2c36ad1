using System.Net;

namespace Platform.Emulators.Storage.Api;

/// <summary>Bucket, key and query of a request, read from the raw request target: Kestrel's own Path
/// has '..' segments collapsed and %2F decoded, both of which would change keys.</summary>
public sealed record S3Target(string? Bucket, string? Key, S3Query Query)
{
    public static S3Target Parse(string rawTarget, string? host)
    {
        var target = rawTarget;
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // absolute-form: drop scheme and authority.
            var slash = target.IndexOf('/', target.IndexOf("//", StringComparison.Ordinal) + 2);
            target = slash < 0 ? "/" : target[slash..];
        }

        var question = target.IndexOf('?');
        var path = question < 0 ? target : target[..question];
        var query = S3Query.Parse(question < 0 ? "" : target[(question + 1)..]);
        if (path.StartsWith('/'))
            path = path[1..];

        var virtualBucket = VirtualHostBucket(host);
        if (virtualBucket is not null)
            return new S3Target(virtualBucket, NullIfEmpty(S3UriDecoder.Decode(path)), query);

        var separator = path.IndexOf('/');
        var bucket = S3UriDecoder.Decode(separator < 0 ? path : path[..separator]);
        var key = separator < 0 ? null : S3UriDecoder.Decode(path[(separator + 1)..]);
        return new S3Target(NullIfEmpty(bucket), NullIfEmpty(key), query);
    }

    /// <summary><c>bucket.s3.anything</c>, <c>bucket.s3-region.anything</c> or <c>bucket.localhost</c>;
    /// IP addresses and plain hostnames are path-style.</summary>
    public static string? VirtualHostBucket(string? host)
    {
        if (string.IsNullOrEmpty(host))
            return null;
        var name = host;
        if (name.StartsWith('['))
            return null;
        var colon = name.LastIndexOf(':');
        if (colon >= 0)
            name = name[..colon];
        name = name.ToLowerInvariant();
        if (IPAddress.TryParse(name, out _) || name == "localhost")
            return null;
        // The S3 markers first: bucket.s3.localhost is the bucket "bucket", not "bucket.s3".
        foreach (var marker in new[] { ".s3.", ".s3-" })
        {
            var index = name.IndexOf(marker, StringComparison.Ordinal);
            if (index > 0)
                return name[..index];
        }
        if (name.EndsWith(".localhost", StringComparison.Ordinal))
            return name[..^".localhost".Length] is { Length: > 0 } b && !b.StartsWith("s3.", StringComparison.Ordinal) && b != "s3" ? b : null;

        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
