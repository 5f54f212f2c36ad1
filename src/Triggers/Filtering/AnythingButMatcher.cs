using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary>Matches any present leaf the inner matchers do not match (a number passes
/// <c>{"anything-but": "a"}</c>); like every matcher but exists:false it needs the field present.</summary>
internal sealed class AnythingButMatcher(IReadOnlyList<ValueMatcher> excluded) : ValueMatcher
{
    public override bool Matches(JsonElement leaf)
    {
        foreach (var matcher in excluded)
        {
            if (matcher.Matches(leaf))
                return false;
        }
        return true;
    }
}
