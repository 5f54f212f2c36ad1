namespace Platform.Emulators.Storage.Engine;

/// <summary>One rule of a bucket's CORS configuration, as S3 stores it.</summary>
public sealed record CorsRule
{
    public string? Id { get; init; }
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];
    public IReadOnlyList<string> AllowedMethods { get; init; } = [];
    public IReadOnlyList<string> AllowedHeaders { get; init; } = [];
    public IReadOnlyList<string> ExposeHeaders { get; init; } = [];
    public int? MaxAgeSeconds { get; init; }

    /// <summary>S3's evaluation: the first rule whose origin, method and every requested header match.</summary>
    public bool Allows(string origin, string method, IEnumerable<string> requestHeaders) =>
        AllowedOrigins.Any(o => Wildcard(o, origin, ignoreCase: false))
        && AllowedMethods.Contains(method, StringComparer.Ordinal)
        && requestHeaders.All(h => AllowedHeaders.Any(a => Wildcard(a, h, ignoreCase: true)));

    /// <summary>A pattern with at most one '*', which matches any run of characters.</summary>
    public static bool Wildcard(string pattern, string value, bool ignoreCase)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var star = pattern.IndexOf('*');
        if (star < 0)
            return string.Equals(pattern, value, comparison);
        var prefix = pattern[..star];
        var suffix = pattern[(star + 1)..];
        return value.Length >= prefix.Length + suffix.Length
            && value.StartsWith(prefix, comparison) && value.EndsWith(suffix, comparison);
    }
}
