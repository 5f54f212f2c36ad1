using System.Text.RegularExpressions;

namespace Platform.Host.ApiGateway.V2;

/// <summary>An HTTP API route key, <c>$default</c> or <c>METHOD /path</c>, whose path segments are
/// literals, <c>{name}</c> or a last greedy <c>{name+}</c>; parsed once, matched per request.</summary>
internal sealed partial record RouteKey(string Text, string Method, IReadOnlyList<string> Segments)
{
    public const string Default = "$default";

    private static readonly string[] Methods = ["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public bool IsDefault => Text == Default;

    /// <summary>The key, or null when it is no route key an HTTP API accepts.</summary>
    public static RouteKey? Parse(string text)
    {
        if (text == Default)
            return new(text, "ANY", []);
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !Methods.Contains(text[..space], StringComparer.Ordinal))
            return null;
        var path = text[(space + 1)..];
        if (!path.StartsWith('/') || path.Contains(' ', StringComparison.Ordinal) || (path.Length > 1 && path.EndsWith('/')))
            return null;
        var segments = path == "/" ? [] : path[1..].Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
                return null;
            if (segment.Contains('{', StringComparison.Ordinal) || segment.Contains('}', StringComparison.Ordinal))
            {
                var match = Variable().Match(segment);
                if (!match.Success || (match.Groups[2].Success && i != segments.Length - 1))
                    return null;
            }
        }
        if (segments.Select(VariableName).Where(n => n is not null).GroupBy(n => n).Any(g => g.Count() > 1))
            return null;
        return new(text, text[..space], segments);
    }

    /// <summary>The variable a segment names (<c>id</c> of <c>{id}</c> and of <c>{id+}</c>), or null for a literal.</summary>
    public static string? VariableName(string segment)
    {
        var match = Variable().Match(segment);
        return match.Success ? match.Groups[1].Value : null;
    }

    public static bool IsGreedy(string segment) => segment.StartsWith('{') && segment.EndsWith("+}", StringComparison.Ordinal);

    [GeneratedRegex(@"^\{([A-Za-z0-9._:-]+)(\+)?\}$", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();
}
