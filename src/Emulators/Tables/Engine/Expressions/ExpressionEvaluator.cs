using System.Text;

namespace Platform.Emulators.Tables.Engine.Expressions;

/// <summary>Evaluates parsed conditions against an item, with DynamoDB's rules: a comparison with a
/// missing attribute or values of different types is false (<c>&lt;&gt;</c> is true), ordering applies
/// to S (UTF-8 bytes), N and B only.</summary>
internal static class ExpressionEvaluator
{
    public static bool Evaluate(Condition condition, IReadOnlyDictionary<string, AttributeValue>? item) => condition switch
    {
        AndCondition and => Evaluate(and.Left, item) && Evaluate(and.Right, item),
        OrCondition or => Evaluate(or.Left, item) || Evaluate(or.Right, item),
        NotCondition not => !Evaluate(not.Inner, item),
        ComparisonCondition c => Compare(c.Operator, Resolve(c.Left, item), Resolve(c.Right, item)),
        BetweenCondition b => Between(Resolve(b.Value, item), Resolve(b.Low, item), Resolve(b.High, item)),
        InCondition i => Resolve(i.Value, item) is { } value && i.Candidates.Any(c => Resolve(c, item) is { } v && v.ValueEquals(value)),
        FunctionCondition f => Function(f, item),
        _ => false,
    };

    private static bool Compare(string op, AttributeValue? left, AttributeValue? right)
    {
        if (left is null || right is null)
            return op == "<>";
        switch (op)
        {
            case "=":
                return left.ValueEquals(right);
            case "<>":
                return !left.ValueEquals(right);
        }

        if (left.Kind != right.Kind || !IsOrdered(left))
            return false;
        var order = AttributeValue.CompareScalars(left, right);
        return op switch
        {
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        };
    }

    private static bool IsOrdered(AttributeValue value) => value.Kind is AttributeKind.S or AttributeKind.N or AttributeKind.B;

    private static bool Between(AttributeValue? value, AttributeValue? low, AttributeValue? high) =>
        value is not null && low is not null && high is not null &&
        value.Kind == low.Kind && value.Kind == high.Kind && IsOrdered(value) &&
        AttributeValue.CompareScalars(value, low) >= 0 && AttributeValue.CompareScalars(value, high) <= 0;

    private static bool Function(FunctionCondition f, IReadOnlyDictionary<string, AttributeValue>? item)
    {
        switch (f.Name)
        {
            case "attribute_exists":
                return Resolve(f.Arguments[0], item) is not null;
            case "attribute_not_exists":
                return Resolve(f.Arguments[0], item) is null;
            case "attribute_type":
                return Resolve(f.Arguments[0], item) is { } typed && Resolve(f.Arguments[1], item) is { S: { } name } &&
                       typed.Kind.ToString() == name;
            case "begins_with":
            {
                var value = Resolve(f.Arguments[0], item);
                var prefix = Resolve(f.Arguments[1], item);
                if (value is null || prefix is null || value.Kind != prefix.Kind)
                    return false;
                return value.Kind switch
                {
                    AttributeKind.S => Encoding.UTF8.GetBytes(value.S!).AsSpan().StartsWith(Encoding.UTF8.GetBytes(prefix.S!)),
                    AttributeKind.B => value.B!.AsSpan().StartsWith(prefix.B),
                    _ => false,
                };
            }
            case "contains":
            {
                var value = Resolve(f.Arguments[0], item);
                var operand = Resolve(f.Arguments[1], item);
                if (value is null || operand is null)
                    return false;
                return value.Kind switch
                {
                    AttributeKind.S => operand.Kind == AttributeKind.S && value.S!.Contains(operand.S!, StringComparison.Ordinal),
                    AttributeKind.B => operand.Kind == AttributeKind.B && value.B!.AsSpan().IndexOf(operand.B) >= 0,
                    AttributeKind.SS => operand.Kind == AttributeKind.S && value.SS!.Contains(operand.S!),
                    AttributeKind.NS => operand.Kind == AttributeKind.N && value.NS!.Any(n => n.CompareTo(operand.N) == 0),
                    AttributeKind.BS => operand.Kind == AttributeKind.B && value.BS!.Any(b => b.AsSpan().SequenceEqual(operand.B)),
                    AttributeKind.L => value.L!.Any(v => v.ValueEquals(operand)),
                    _ => false,
                };
            }
            default:
                return false;
        }
    }

    /// <summary>The value an operand denotes in <paramref name="item"/>; null when a path is missing.</summary>
    public static AttributeValue? Resolve(Operand operand, IReadOnlyDictionary<string, AttributeValue>? item) => operand switch
    {
        ValueOperand v => v.Value,
        PathOperand p => Get(item, p.Path),
        SizeOperand s => Resolve(s.Argument, item) is { } value && Size(value) is { } size
            ? AttributeValue.Number(DynamoNumber.Normalize(size, 0))
            : null,
        _ => null,
    };

    private static int? Size(AttributeValue value) => value.Kind switch
    {
        AttributeKind.S => value.S!.Length,
        AttributeKind.B => value.B!.Length,
        AttributeKind.SS => value.SS!.Count,
        AttributeKind.NS => value.NS!.Count,
        AttributeKind.BS => value.BS!.Count,
        AttributeKind.L => value.L!.Count,
        AttributeKind.M => value.M!.Count,
        _ => null,
    };

    public static AttributeValue? Get(IReadOnlyDictionary<string, AttributeValue>? item, DocumentPath path)
    {
        if (item is null || !item.TryGetValue(path.Head, out var current))
            return null;
        for (var i = 1; i < path.Elements.Count; i++)
        {
            var element = path.Elements[i];
            if (element.IsIndex)
            {
                if (current.Kind != AttributeKind.L || element.Index >= current.L!.Count)
                    return null;
                current = current.L[element.Index];
            }
            else
            {
                if (current.Kind != AttributeKind.M || !current.M!.TryGetValue(element.Name!, out var next))
                    return null;
                current = next;
            }
        }

        return current;
    }
}
