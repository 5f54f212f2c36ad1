using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary>What a pattern demands of one field: either a matcher array (OR-ed) or a nested object pattern.</summary>
internal abstract class FieldRule(string name)
{
    public string Name { get; } = name;

    /// <param name="value">The field's value, or null when the field is absent.</param>
    public abstract bool Matches(JsonElement? value);
}
