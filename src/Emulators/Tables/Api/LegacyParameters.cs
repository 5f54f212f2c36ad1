using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.Emulators.Tables.Engine;

namespace Platform.Emulators.Tables.Api;

/// <summary>
/// DynamoDB's pre-expression parameters — KeyConditions, QueryFilter, ScanFilter, Expected,
/// ConditionalOperator, AttributesToGet, AttributeUpdates — rewritten as the equivalent expressions
/// with placeholders of their own (<c>#legacy0</c>, <c>:legacy0</c>), so one evaluator serves both.
/// SDK document models (AWSSDK's DynamoDBContext queries) still send them. Mixing them with
/// expression parameters is refused, as DynamoDB does.
/// </summary>
internal sealed class LegacyParameters
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AttributeValue> _values = new(StringComparer.Ordinal);

    private LegacyParameters(JsonElement root)
    {
        Root = root;
        var used = new[] { "KeyConditions", "QueryFilter", "ScanFilter", "Expected", "AttributesToGet", "AttributeUpdates" }
            .Where(p => TableRequest.Has(root, p)).ToList();
        var expressions = new[] { "KeyConditionExpression", "FilterExpression", "ConditionExpression", "ProjectionExpression", "UpdateExpression" }
            .Where(p => TableRequest.Has(root, p)).ToList();
        if (used.Count > 0 && expressions.Count > 0)
            throw new TableException("ValidationException",
                $"Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {{{string.Join(", ", used)}}} Expression parameters: {{{string.Join(", ", expressions)}}}");
        var combine = TableRequest.String(root, "ConditionalOperator") ?? "AND";
        if (combine is not ("AND" or "OR"))
            throw new TableException("ValidationException", $"1 validation error detected: Value '{combine}' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]");
        KeyCondition = Conditions(root, "KeyConditions", "AND");
        Filter = Conditions(root, "QueryFilter", combine) ?? Conditions(root, "ScanFilter", combine);
        Condition = Expected(root, combine);
        Projection = TableRequest.Element(root, "AttributesToGet") is { } attributes
            ? string.Join(", ", attributes.EnumerateArray().Select(a => Name(a.GetString()!)))
            : null;
        Update = AttributeUpdates(root);
    }

    public JsonElement Root { get; }
    public string? KeyCondition { get; }
    public string? Filter { get; }
    public string? Condition { get; }
    public string? Projection { get; }
    public string? Update { get; }

    public static LegacyParameters Of(JsonElement root) => new(root);

    /// <summary>The request's ExpressionAttributeNames with the legacy placeholders added.</summary>
    public Dictionary<string, string>? Names()
    {
        var given = TableRequest.Names(Root);
        if (_names.Count == 0)
            return given;
        return new Dictionary<string, string>(_names, StringComparer.Ordinal);
    }

    public Dictionary<string, AttributeValue>? Values()
    {
        var given = TableRequest.Values(Root);
        if (_values.Count == 0)
            return given;
        return new Dictionary<string, AttributeValue>(_values, StringComparer.Ordinal);
    }

    private string Name(string attribute)
    {
        var placeholder = "#legacy" + _names.Count.ToString(CultureInfo.InvariantCulture);
        _names[placeholder] = attribute;
        return placeholder;
    }

    private string Value(JsonElement value)
    {
        var placeholder = ":legacy" + _values.Count.ToString(CultureInfo.InvariantCulture);
        _values[placeholder] = AttributeJson.Read(value);
        return placeholder;
    }

    private string? Conditions(JsonElement root, string member, string combine)
    {
        if (TableRequest.Element(root, member) is not { } conditions)
            return null;
        var parts = conditions.EnumerateObject()
            .Select(c => Comparison(Name(c.Name), TableRequest.Required(c.Value, "ComparisonOperator"), ValueList(c.Value)))
            .ToList();
        return parts.Count == 0 ? null : string.Join($" {combine} ", parts);
    }

    private List<JsonElement> ValueList(JsonElement condition) =>
        TableRequest.Element(condition, "AttributeValueList") is { } list ? list.EnumerateArray().ToList() : [];

    private string Comparison(string name, string op, List<JsonElement> values)
    {
        var expected = op switch
        {
            "NULL" or "NOT_NULL" => 0,
            "BETWEEN" => 2,
            "IN" => -1,
            _ => 1,
        };
        if ((expected >= 0 && values.Count != expected) || (expected < 0 && values.Count == 0))
            throw new TableException("ValidationException",
                $"One or more parameter values were invalid: Invalid number of argument(s) for the {op} ComparisonOperator");
        var v = values.Select(Value).ToList();
        return op switch
        {
            "EQ" => $"{name} = {v[0]}",
            "NE" => $"{name} <> {v[0]}",
            "LE" => $"{name} <= {v[0]}",
            "LT" => $"{name} < {v[0]}",
            "GE" => $"{name} >= {v[0]}",
            "GT" => $"{name} > {v[0]}",
            "NOT_NULL" => $"attribute_exists({name})",
            "NULL" => $"attribute_not_exists({name})",
            "CONTAINS" => $"contains({name}, {v[0]})",
            "NOT_CONTAINS" => $"NOT contains({name}, {v[0]})",
            "BEGINS_WITH" => $"begins_with({name}, {v[0]})",
            "IN" => $"{name} IN ({string.Join(", ", v)})",
            "BETWEEN" => $"{name} BETWEEN {v[0]} AND {v[1]}",
            _ => throw new TableException("ValidationException",
                $"1 validation error detected: Value '{op}' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]"),
        };
    }

    private string? Expected(JsonElement root, string combine)
    {
        if (TableRequest.Element(root, "Expected") is not { } expected)
            return null;
        var parts = new List<string>();
        foreach (var entry in expected.EnumerateObject())
        {
            var name = Name(entry.Name);
            var exists = TableRequest.Bool(entry.Value, "Exists");
            if (TableRequest.String(entry.Value, "ComparisonOperator") is { } op)
                parts.Add(Comparison(name, op, ValueList(entry.Value)));
            else if (TableRequest.Element(entry.Value, "Value") is { } value)
                parts.Add(exists == false
                    ? throw new TableException("ValidationException", "One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: " + entry.Name)
                    : $"{name} = {Value(value)}");
            else if (exists == false)
                parts.Add($"attribute_not_exists({name})");
            else
                throw new TableException("ValidationException", "One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: " + entry.Name);
        }

        return parts.Count == 0 ? null : string.Join($" {combine} ", parts);
    }

    private string? AttributeUpdates(JsonElement root)
    {
        if (TableRequest.Element(root, "AttributeUpdates") is not { } updates)
            return null;
        var set = new List<string>();
        var remove = new List<string>();
        var add = new List<string>();
        var delete = new List<string>();
        foreach (var entry in updates.EnumerateObject())
        {
            var action = TableRequest.String(entry.Value, "Action") ?? "PUT";
            var value = TableRequest.Element(entry.Value, "Value");
            var name = Name(entry.Name);
            switch (action)
            {
                case "PUT" when value is { } v:
                    set.Add($"{name} = {Value(v)}");
                    break;
                case "ADD" when value is { } v:
                    add.Add($"{name} {Value(v)}");
                    break;
                case "DELETE" when value is { } v:
                    delete.Add($"{name} {Value(v)}");
                    break;
                case "DELETE":
                    remove.Add(name);
                    break;
                default:
                    throw new TableException("ValidationException", $"One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified: {entry.Name}");
            }
        }

        var text = new StringBuilder();
        if (set.Count > 0)
            text.Append("SET ").AppendJoin(", ", set).Append(' ');
        if (remove.Count > 0)
            text.Append("REMOVE ").AppendJoin(", ", remove).Append(' ');
        if (add.Count > 0)
            text.Append("ADD ").AppendJoin(", ", add).Append(' ');
        if (delete.Count > 0)
            text.Append("DELETE ").AppendJoin(", ", delete);
        return text.Length == 0 ? null : text.ToString().Trim();
    }
}
