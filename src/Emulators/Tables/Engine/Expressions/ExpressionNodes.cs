namespace Platform.Emulators.Tables.Engine.Expressions;

/// <summary>One step of a document path: an attribute/map key name, or a list index.</summary>
internal readonly record struct PathElement(string? Name, int Index)
{
    public bool IsIndex => Name is null;

    public override string ToString() => Name ?? "[" + Index + "]";
}

/// <summary>A document path with names already resolved (no #placeholders left).</summary>
internal sealed record DocumentPath(IReadOnlyList<PathElement> Elements)
{
    public string Head => Elements[0].Name!;

    public override string ToString() => "[" + string.Join(", ", Elements) + "]";

    public bool Overlaps(DocumentPath other)
    {
        var n = Math.Min(Elements.Count, other.Elements.Count);
        for (var i = 0; i < n; i++)
        {
            if (Elements[i] != other.Elements[i])
                return false;
        }

        return true;
    }
}

internal abstract record Operand;

internal sealed record PathOperand(DocumentPath Path) : Operand;

internal sealed record ValueOperand(string Placeholder, AttributeValue Value) : Operand;

internal sealed record SizeOperand(Operand Argument) : Operand;

internal sealed record IfNotExistsOperand(DocumentPath Path, Operand Fallback) : Operand;

internal sealed record ListAppendOperand(Operand First, Operand Second) : Operand;

internal sealed record ArithmeticOperand(Operand Left, bool Plus, Operand Right) : Operand;

internal abstract record Condition;

internal sealed record ComparisonCondition(string Operator, Operand Left, Operand Right) : Condition;

internal sealed record BetweenCondition(Operand Value, Operand Low, Operand High) : Condition;

internal sealed record InCondition(Operand Value, IReadOnlyList<Operand> Candidates) : Condition;

internal sealed record FunctionCondition(string Name, IReadOnlyList<Operand> Arguments) : Condition;

internal sealed record AndCondition(Condition Left, Condition Right) : Condition;

internal sealed record OrCondition(Condition Left, Condition Right) : Condition;

internal sealed record NotCondition(Condition Inner) : Condition;

internal enum UpdateActionKind
{
    Set,
    Remove,
    Add,
    Delete,
}

internal sealed record UpdateAction(UpdateActionKind Kind, DocumentPath Path, Operand? Value);
