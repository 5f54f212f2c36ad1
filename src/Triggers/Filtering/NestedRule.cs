using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary><c>"field": { … }</c>: the nested pattern applies to the field's object, or to any object
/// element of an array (each element on its own, so two elements never combine into one match).</summary>
internal sealed class NestedRule(string name, ObjectPattern pattern) : FieldRule(name)
{
    public override bool Matches(JsonElement? value)
    {
        var sawObject = false;
        if (value is { } element && AnyObjectMatches(element, ref sawObject))
            return true;
        // Without any object the nested fields are all absent: only exists:false rules can hold.
        return !sawObject && pattern.Matches(null);
    }

    private bool AnyObjectMatches(JsonElement value, ref bool sawObject)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                sawObject = true;
                return pattern.Matches(value);
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (AnyObjectMatches(item, ref sawObject))
                        return true;
                }
                return false;
            default:
                return false;
        }
    }
}
