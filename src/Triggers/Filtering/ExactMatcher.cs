using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary>A plain value in the matcher array. Strings compare ordinally, numbers numerically
/// (5 matches 5.0), and a string never equals a number ("5" ≠ 5), as in EventBridge.</summary>
internal sealed class ExactMatcher(JsonElement expected) : ValueMatcher
{
    private readonly JsonValueKind _kind = expected.ValueKind;
    private readonly string? _text = expected.ValueKind == JsonValueKind.String ? expected.GetString() : null;
    private readonly double _number = expected.ValueKind == JsonValueKind.Number ? expected.GetDouble() : 0;

    public override bool Matches(JsonElement leaf) => _kind switch
    {
        JsonValueKind.String => leaf.ValueKind == JsonValueKind.String && leaf.ValueEquals(_text),
        JsonValueKind.Number => leaf.ValueKind == JsonValueKind.Number && leaf.TryGetDouble(out var n) && n == _number,
        _ => leaf.ValueKind == _kind,
    };
}
