namespace Platform.Emulators.Tables.Engine.Expressions;

/// <summary>Applies an UpdateExpression's actions to an item. Every operand is evaluated against the
/// item as it was before the update (as DynamoDB does), then the actions are applied in order.</summary>
internal static class UpdateApplier
{
    private const string InvalidPath = "The document path provided in the update expression is invalid for update";
    private const string WrongType = "An operand in the update expression has an incorrect data type";

    public static Dictionary<string, AttributeValue> Apply(IReadOnlyList<UpdateAction> actions,
        IReadOnlyDictionary<string, AttributeValue>? original, ICollection<string> keyNames)
    {
        foreach (var action in actions)
        {
            if (action.Path.Elements.Count == 1 && keyNames.Contains(action.Path.Head))
                throw TableErrors.Invalid($"Cannot update attribute {action.Path.Head}. This attribute is part of the key");
        }

        var values = actions.Select(a => a.Value is null ? null : Evaluate(a.Value, original)).ToList();
        var item = original is null
            ? new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            : new Dictionary<string, AttributeValue>(original, StringComparer.Ordinal);
        // REMOVE of list elements by index: remove higher indexes first so lower ones still point right.
        var order = Enumerable.Range(0, actions.Count)
            .OrderBy(i => actions[i].Kind == UpdateActionKind.Remove ? 1 : 0)
            .ThenByDescending(i => actions[i].Kind == UpdateActionKind.Remove && actions[i].Path.Elements[^1].IsIndex ? actions[i].Path.Elements[^1].Index : 0)
            .ToList();
        foreach (var i in order)
        {
            var action = actions[i];
            var value = values[i];
            switch (action.Kind)
            {
                case UpdateActionKind.Set:
                    Update(item, action.Path, _ => value, create: true);
                    break;
                case UpdateActionKind.Remove:
                    Update(item, action.Path, _ => null, create: false);
                    break;
                case UpdateActionKind.Add:
                    Update(item, action.Path, existing => Add(existing, value!), create: true);
                    break;
                case UpdateActionKind.Delete:
                    Update(item, action.Path, existing => Delete(existing, value!), create: false);
                    break;
            }
        }

        return item;
    }

    private static AttributeValue Evaluate(Operand operand, IReadOnlyDictionary<string, AttributeValue>? item)
    {
        switch (operand)
        {
            case ValueOperand v:
                return v.Value;
            case PathOperand p:
                return ExpressionEvaluator.Get(item, p.Path)
                       ?? throw TableErrors.Validation("The provided expression refers to an attribute that does not exist in the item");
            case IfNotExistsOperand f:
                return ExpressionEvaluator.Get(item, f.Path) ?? Evaluate(f.Fallback, item);
            case ListAppendOperand l:
            {
                var first = Evaluate(l.First, item);
                var second = Evaluate(l.Second, item);
                if (first.Kind != AttributeKind.L || second.Kind != AttributeKind.L)
                    throw TableErrors.Validation(WrongType);
                return AttributeValue.List([.. first.L!, .. second.L!]);
            }
            case ArithmeticOperand a:
            {
                var left = Evaluate(a.Left, item);
                var right = Evaluate(a.Right, item);
                if (left.Kind != AttributeKind.N || right.Kind != AttributeKind.N)
                    throw TableErrors.Validation(WrongType);
                if (!DynamoNumber.TryAdd(left.N, a.Plus ? right.N : right.N.Negate(), out var result, out var error))
                    throw TableErrors.Validation(error!);
                return AttributeValue.Number(result);
            }
            default:
                throw TableErrors.Validation(WrongType);
        }
    }

    private static AttributeValue? Add(AttributeValue? existing, AttributeValue value)
    {
        if (existing is null)
            return value;
        if (existing.Kind != value.Kind)
            throw TableErrors.Validation(WrongType);
        switch (existing.Kind)
        {
            case AttributeKind.N:
                if (!DynamoNumber.TryAdd(existing.N, value.N, out var sum, out var error))
                    throw TableErrors.Validation(error!);
                return AttributeValue.Number(sum);
            case AttributeKind.SS:
                return AttributeValue.StringSet(existing.SS!.Union(value.SS!, StringComparer.Ordinal).ToList());
            case AttributeKind.NS:
                return AttributeValue.NumberSet(existing.NS!.Concat(value.NS!.Where(n => !existing.NS!.Any(e => e.CompareTo(n) == 0))).ToList());
            case AttributeKind.BS:
                return AttributeValue.BinarySet(existing.BS!.Concat(value.BS!.Where(b => !existing.BS!.Any(e => e.AsSpan().SequenceEqual(b)))).ToList());
            default:
                throw TableErrors.Validation(WrongType);
        }
    }

    private static AttributeValue? Delete(AttributeValue? existing, AttributeValue value)
    {
        if (existing is null)
            return null;
        if (existing.Kind != value.Kind)
            throw TableErrors.Validation(WrongType);
        AttributeValue? rest = existing.Kind switch
        {
            AttributeKind.SS => existing.SS!.Except(value.SS!, StringComparer.Ordinal).ToList() is { Count: > 0 } s ? AttributeValue.StringSet(s) : null,
            AttributeKind.NS => existing.NS!.Where(n => !value.NS!.Any(v => v.CompareTo(n) == 0)).ToList() is { Count: > 0 } n ? AttributeValue.NumberSet(n) : null,
            AttributeKind.BS => existing.BS!.Where(b => !value.BS!.Any(v => v.AsSpan().SequenceEqual(b))).ToList() is { Count: > 0 } b ? AttributeValue.BinarySet(b) : null,
            _ => throw TableErrors.Validation(WrongType),
        };
        return rest;
    }

    /// <summary>Replaces the value at <paramref name="path"/> with what <paramref name="change"/> makes of
    /// the current one (null removes it), rebuilding the maps and lists on the way.</summary>
    private static void Update(Dictionary<string, AttributeValue> item, DocumentPath path,
        Func<AttributeValue?, AttributeValue?> change, bool create)
    {
        var head = path.Head;
        item.TryGetValue(head, out var current);
        if (path.Elements.Count == 1)
        {
            var next = change(current);
            if (next is null)
                item.Remove(head);
            else
                item[head] = next;
            return;
        }

        if (current is null)
        {
            if (create)
                throw TableErrors.Validation(InvalidPath);
            return;
        }

        var updated = UpdateNested(current, path.Elements, 1, change, create);
        if (updated is not null)
            item[head] = updated;
    }

    private static AttributeValue? UpdateNested(AttributeValue container, IReadOnlyList<PathElement> elements, int depth,
        Func<AttributeValue?, AttributeValue?> change, bool create)
    {
        var element = elements[depth];
        var last = depth == elements.Count - 1;
        if (element.IsIndex)
        {
            if (container.Kind != AttributeKind.L)
                return create ? throw TableErrors.Validation(InvalidPath) : container;
            var list = container.L!.ToList();
            var exists = element.Index < list.Count;
            if (!last)
            {
                if (!exists)
                    return create ? throw TableErrors.Validation(InvalidPath) : container;
                list[element.Index] = UpdateNested(list[element.Index], elements, depth + 1, change, create) ?? list[element.Index];
                return AttributeValue.List(list);
            }

            var next = change(exists ? list[element.Index] : null);
            if (next is null)
            {
                if (exists)
                    list.RemoveAt(element.Index);
            }
            else if (exists)
            {
                list[element.Index] = next;
            }
            else
            {
                list.Add(next);
            }

            return AttributeValue.List(list);
        }

        if (container.Kind != AttributeKind.M)
            return create ? throw TableErrors.Validation(InvalidPath) : container;
        var map = new Dictionary<string, AttributeValue>(container.M!, StringComparer.Ordinal);
        map.TryGetValue(element.Name!, out var child);
        if (!last)
        {
            if (child is null)
                return create ? throw TableErrors.Validation(InvalidPath) : container;
            map[element.Name!] = UpdateNested(child, elements, depth + 1, change, create) ?? child;
            return AttributeValue.Map(map);
        }

        var value = change(child);
        if (value is null)
            map.Remove(element.Name!);
        else
            map[element.Name!] = value;
        return AttributeValue.Map(map);
    }
}
