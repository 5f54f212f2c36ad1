using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary><c>{"wildcard": "dir/*.png"}</c>: <c>*</c> stands for any run of characters (also none);
/// <c>\*</c> and <c>\\</c> are literal. Case-sensitive, string leaves only.</summary>
internal sealed class WildcardMatcher : ValueMatcher
{
    // One entry per pattern position: a literal char, or null for '*'.
    private readonly char?[] _pattern;

    private WildcardMatcher(char?[] pattern) => _pattern = pattern;

    public static WildcardMatcher Parse(string pattern)
    {
        var tokens = new List<char?>(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length || (pattern[i + 1] != '*' && pattern[i + 1] != '\\'))
                    throw PatternErrors.Invalid($"wildcard \"{pattern}\" has an invalid escape at position {i}; only \\* and \\\\ are allowed");
                tokens.Add(pattern[++i]);
            }
            else if (c == '*')
            {
                if (tokens.Count > 0 && tokens[^1] is null)
                    throw PatternErrors.Invalid($"wildcard \"{pattern}\" has consecutive wildcard characters at position {i}");
                tokens.Add(null);
            }
            else
            {
                tokens.Add(c);
            }
        }
        return new WildcardMatcher([.. tokens]);
    }

    public override bool Matches(JsonElement leaf) =>
        leaf.ValueKind == JsonValueKind.String && Matches(leaf.GetString()!);

    public bool Matches(string value)
    {
        // Greedy match with one backtrack point: the last star absorbs one more character on a mismatch.
        int v = 0, p = 0, starP = -1, starV = 0;
        while (v < value.Length)
        {
            if (p < _pattern.Length && _pattern[p] is { } literal && literal == value[v])
            {
                v++;
                p++;
            }
            else if (p < _pattern.Length && _pattern[p] is null)
            {
                starP = p++;
                starV = v;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                v = ++starV;
            }
            else
            {
                return false;
            }
        }
        while (p < _pattern.Length && _pattern[p] is null)
            p++;
        return p == _pattern.Length;
    }
}
