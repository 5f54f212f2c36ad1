using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary>One level of a pattern: every field rule must hold (AND), and for each <c>$or</c> one of
/// its alternatives must hold against the same object.</summary>
internal sealed class ObjectPattern(IReadOnlyList<FieldRule> fields, IReadOnlyList<IReadOnlyList<ObjectPattern>> alternatives)
{
    /// <param name="value">The object at this level, or null when it is absent (or not an object).</param>
    public bool Matches(JsonElement? value)
    {
        foreach (var field in fields)
        {
            JsonElement? fieldValue = value is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(field.Name, out var found)
                ? found
                : null;
            if (!field.Matches(fieldValue))
                return false;
        }
        foreach (var group in alternatives)
        {
            var any = false;
            foreach (var alternative in group)
            {
                if (alternative.Matches(value))
                {
                    any = true;
                    break;
                }
            }
            if (!any)
                return false;
        }
        return true;
    }
}
