using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary><c>"field": [m1, m2, …]</c>: some leaf of the value (arrays are flattened, so an event
/// array matches when any element does) satisfies some matcher. A field with no leaf — absent, an
/// object, or an empty array — only satisfies <c>{"exists": false}</c>.</summary>
internal sealed class MatcherArrayRule(string name, IReadOnlyList<ValueMatcher> matchers) : FieldRule(name)
{
    public override bool Matches(JsonElement? value)
    {
        var sawLeaf = false;
        if (value is { } element && AnyLeafMatches(element, ref sawLeaf))
            return true;
        if (sawLeaf)
            return false;
        foreach (var matcher in matchers)
        {
            if (matcher.MatchesMissing)
                return true;
        }
        return false;
    }

    private bool AnyLeafMatches(JsonElement value, ref bool sawLeaf)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return false;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (AnyLeafMatches(item, ref sawLeaf))
                        return true;
                }
                return false;
            default:
                sawLeaf = true;
                foreach (var matcher in matchers)
                {
                    if (matcher.Matches(value))
                        return true;
                }
                return false;
        }
    }
}
