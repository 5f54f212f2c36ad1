using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary>prefix, suffix and equals-ignore-case (and their case-insensitive combinations):
/// string leaves only.</summary>
internal sealed class StringMatcher(StringMatchKind kind, string operand, bool ignoreCase) : ValueMatcher
{
    private readonly StringComparison _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public override bool Matches(JsonElement leaf) =>
        leaf.ValueKind == JsonValueKind.String && Matches(leaf.GetString()!);

    public bool Matches(string value) => kind switch
    {
        StringMatchKind.Prefix => value.StartsWith(operand, _comparison),
        StringMatchKind.Suffix => value.EndsWith(operand, _comparison),
        _ => value.Equals(operand, _comparison),
    };
}
