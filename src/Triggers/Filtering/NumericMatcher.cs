using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary><c>{"numeric": [">", 0, "&lt;=", 5]}</c>: number leaves only (a numeric string does not match).</summary>
internal sealed class NumericMatcher(IReadOnlyList<(string Operator, double Operand)> conditions) : ValueMatcher
{
    public override bool Matches(JsonElement leaf)
    {
        if (leaf.ValueKind != JsonValueKind.Number || !leaf.TryGetDouble(out var value))
            return false;
        foreach (var (op, operand) in conditions)
        {
            var holds = op switch
            {
                "=" => value == operand,
                "<" => value < operand,
                "<=" => value <= operand,
                ">" => value > operand,
                _ => value >= operand,
            };
            if (!holds)
                return false;
        }
        return true;
    }
}
