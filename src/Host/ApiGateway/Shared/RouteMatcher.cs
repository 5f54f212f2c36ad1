using Platform.Host.ApiGateway.V2;

namespace Platform.Host.ApiGateway;

/// <summary>
/// API Gateway's route selection: the most specific match wins — segment by segment from the left a
/// literal beats a <c>{variable}</c>, which beats a greedy <c>{proxy+}</c>; then a method beats ANY;
/// <c>$default</c> only when nothing else matches. Shared by HTTP API routes and REST API resources
/// (whose paths have the same template syntax).
/// </summary>
internal static class RouteMatcher
{
    public sealed record Match<T>(T Route, IReadOnlyDictionary<string, string> PathParameters);

    /// <param name="segments">The request path's segments, percent-decoded.</param>
    public static Match<T>? Find<T>(IEnumerable<T> routes, Func<T, RouteKey?> keyOf, string method, IReadOnlyList<string> segments)
    {
        Match<T>? best = null;
        int[]? bestRank = null;
        Match<T>? fallback = null;
        foreach (var route in routes)
        {
            if (keyOf(route) is not { } key)
                continue;
            if (key.IsDefault)
            {
                fallback ??= new(route, new Dictionary<string, string>());
                continue;
            }
            if (key.Method != "ANY" && !key.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
                continue;
            if (TryBind(key.Segments, segments) is not { } parameters)
                continue;
            var rank = Rank(key);
            if (bestRank is null || Compare(rank, bestRank) > 0)
            {
                best = new(route, parameters);
                bestRank = rank;
            }
        }
        return best ?? fallback;
    }

    private static Dictionary<string, string>? TryBind(IReadOnlyList<string> template, IReadOnlyList<string> path)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < template.Count; i++)
        {
            var segment = template[i];
            if (RouteKey.IsGreedy(segment))
            {
                // A greedy variable takes one segment or more, never none.
                if (i >= path.Count)
                    return null;
                parameters[RouteKey.VariableName(segment)!] = string.Join('/', path.Skip(i));
                return parameters;
            }
            if (i >= path.Count)
                return null;
            if (RouteKey.VariableName(segment) is { } name)
            {
                if (path[i].Length == 0)
                    return null;
                parameters[name] = path[i];
            }
            else if (!string.Equals(segment, path[i], StringComparison.Ordinal))
            {
                return null;
            }
        }
        return template.Count == path.Count ? parameters : null;
    }

    // Per segment 3 (literal), 2 (variable), 1 (greedy); then more segments; then a method over ANY.
    private static int[] Rank(RouteKey key) =>
        [.. key.Segments.Select(s => RouteKey.IsGreedy(s) ? 1 : RouteKey.VariableName(s) is null ? 3 : 2), 0, key.Method == "ANY" ? 0 : 1];

    private static int Compare(int[] a, int[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
                return a[i].CompareTo(b[i]);
        }
        return a.Length.CompareTo(b.Length);
    }
}
