namespace Platform.Emulators.Tables.Engine.Expressions;

/// <summary>A Query's KeyConditionExpression reduced to what the store can seek: the partition key's
/// encoded value and the sort key's encoded bounds (begins_with is a lower bound, the prefix's
/// successor as upper bound, and a prefix check).</summary>
internal sealed record KeyConditions(byte[] Hash, byte[]? Lower, bool LowerInclusive, byte[]? Upper, bool UpperInclusive, byte[]? RangePrefix)
{
    private const string Kind = "KeyConditionExpression";

    public static KeyConditions Analyze(Condition condition, string hashName, string? rangeName, TableDefinition table)
    {
        var parts = new List<Condition>();
        Flatten(condition, parts);
        if (parts.Count > 2)
            throw TableErrors.Validation("Conditions can be of length 1 or 2 only");
        byte[]? hash = null;
        KeyConditions result = new([], null, false, null, false, null);
        var sawRange = false;
        foreach (var part in parts)
        {
            var (name, op, values) = Describe(part);
            if (name == hashName && hash is null)
            {
                if (op != "=")
                    throw TableErrors.Validation("Query key condition not supported");
                hash = Encode(values[0], hashName, table);
                continue;
            }

            if (name == hashName || (name == rangeName && sawRange))
                throw TableErrors.Expression(Kind, "KeyConditionExpressions must only contain one condition per key");
            if (name != rangeName)
                throw TableErrors.Validation($"Query condition missed key schema element: {(hash is null ? hashName : rangeName ?? hashName)}");
            sawRange = true;
            var encoded = values.Select(v => Encode(v, rangeName, table)).ToList();
            result = op switch
            {
                "=" => result with { Lower = encoded[0], LowerInclusive = true, Upper = encoded[0], UpperInclusive = true },
                "<" => result with { Upper = encoded[0], UpperInclusive = false },
                "<=" => result with { Upper = encoded[0], UpperInclusive = true },
                ">" => result with { Lower = encoded[0], LowerInclusive = false },
                ">=" => result with { Lower = encoded[0], LowerInclusive = true },
                "BETWEEN" => result with { Lower = encoded[0], LowerInclusive = true, Upper = encoded[1], UpperInclusive = true },
                _ => BeginsWith(result, encoded[0], values[0], table.TypeOf(rangeName)),
            };
        }

        if (hash is null)
            throw TableErrors.Validation($"Query condition missed key schema element: {hashName}");
        return result with { Hash = hash };
    }

    private static KeyConditions BeginsWith(KeyConditions result, byte[] prefix, AttributeValue value, string type)
    {
        if (type == "N")
            throw TableErrors.Expression(Kind, "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
        _ = value;
        return result with { Lower = prefix, LowerInclusive = true, Upper = Successor(prefix), UpperInclusive = false, RangePrefix = prefix };
    }

    /// <summary>The smallest byte string greater than every string starting with <paramref name="prefix"/>, or null.</summary>
    private static byte[]? Successor(byte[] prefix)
    {
        var end = prefix.Length;
        while (end > 0 && prefix[end - 1] == 0xFF)
            end--;
        if (end == 0)
            return null;
        var next = prefix[..end];
        next[end - 1]++;
        return next;
    }

    private static byte[] Encode(AttributeValue value, string name, TableDefinition table)
    {
        if (value.Kind.ToString() != table.TypeOf(name))
            throw TableErrors.Invalid("Condition parameter type does not match schema type");
        return KeyCodec.Encode(value);
    }

    private static void Flatten(Condition condition, List<Condition> parts)
    {
        switch (condition)
        {
            case AndCondition and:
                Flatten(and.Left, parts);
                Flatten(and.Right, parts);
                break;
            case OrCondition:
                throw TableErrors.Expression(Kind, "Invalid operator used in KeyConditionExpression: OR");
            case NotCondition:
                throw TableErrors.Expression(Kind, "Invalid operator used in KeyConditionExpression: NOT");
            case InCondition:
                throw TableErrors.Expression(Kind, "Invalid operator used in KeyConditionExpression: IN");
            default:
                parts.Add(condition);
                break;
        }
    }

    private static (string Name, string Operator, List<AttributeValue> Values) Describe(Condition condition)
    {
        switch (condition)
        {
            case ComparisonCondition c:
            {
                if (c.Operator == "<>")
                    throw TableErrors.Expression(Kind, "Invalid operator used in KeyConditionExpression: <>");
                var (path, value, flipped) = (c.Left, c.Right) switch
                {
                    (PathOperand p, ValueOperand v) => (p, v, false),
                    (ValueOperand v, PathOperand p) => (p, v, true),
                    (PathOperand, PathOperand) => throw TableErrors.Expression(Kind, "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"),
                    _ => throw TableErrors.Expression(Kind, "Invalid condition in KeyConditionExpression: No key attribute specified"),
                };
                var op = !flipped ? c.Operator : c.Operator switch { "<" => ">", "<=" => ">=", ">" => "<", ">=" => "<=", _ => c.Operator };
                return (Name(path), op, [value.Value]);
            }
            case BetweenCondition b when b.Value is PathOperand p && b.Low is ValueOperand low && b.High is ValueOperand high:
                return (Name(p), "BETWEEN", [low.Value, high.Value]);
            case BetweenCondition:
                throw TableErrors.Expression(Kind, "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand");
            case FunctionCondition { Name: "begins_with" } f when f.Arguments[0] is PathOperand p && f.Arguments[1] is ValueOperand v:
                return (Name(p), "begins_with", [v.Value]);
            case FunctionCondition { Name: "begins_with" }:
                throw TableErrors.Expression(Kind, "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand");
            case FunctionCondition f:
                throw TableErrors.Expression(Kind, $"Invalid operator used in KeyConditionExpression: {f.Name}");
            default:
                throw TableErrors.Validation("Query key condition not supported");
        }
    }

    private static string Name(PathOperand path) =>
        path.Path.Elements.Count == 1
            ? path.Path.Head
            : throw TableErrors.Expression(Kind, "KeyConditionExpressions cannot have conditions on nested attributes");
}
