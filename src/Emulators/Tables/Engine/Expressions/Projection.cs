namespace Platform.Emulators.Tables.Engine.Expressions;

/// <summary>ProjectionExpression: the item reduced to the listed paths, nested maps and lists kept
/// in their shape (list elements keep their order, compacted).</summary>
internal static class Projection
{
    public static Dictionary<string, AttributeValue> Apply(IReadOnlyDictionary<string, AttributeValue> item, IReadOnlyList<DocumentPath> paths)
    {
        var result = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (ExpressionEvaluator.Get(item, path) is null)
                continue;
            var head = path.Head;
            if (path.Elements.Count == 1)
            {
                result[head] = item[head];
                continue;
            }

            result[head] = Merge(result.GetValueOrDefault(head), item[head], path.Elements, 1);
        }

        return Compact(result);
    }

    private static AttributeValue Merge(AttributeValue? partial, AttributeValue source, IReadOnlyList<PathElement> elements, int depth)
    {
        if (depth == elements.Count)
            return source;
        var element = elements[depth];
        if (element.IsIndex)
        {
            // Indexes are kept as (source index → value) pairs while merging, then compacted in order.
            var picked = partial is { Kind: AttributeKind.M } p && p.M!.ContainsKey("\0list")
                ? new Dictionary<string, AttributeValue>(p.M, StringComparer.Ordinal)
                : new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["\0list"] = AttributeValue.Null() };
            var key = element.Index.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
            picked[key] = Merge(picked.GetValueOrDefault(key), source.L![element.Index], elements, depth + 1);
            return AttributeValue.Map(picked);
        }

        var map = partial is { Kind: AttributeKind.M } m
            ? new Dictionary<string, AttributeValue>(m.M!, StringComparer.Ordinal)
            : new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        map[element.Name!] = Merge(map.GetValueOrDefault(element.Name!), source.M![element.Name!], elements, depth + 1);
        return AttributeValue.Map(map);
    }

    /// <summary>Turns the index placeholders of <see cref="Merge"/> back into lists.</summary>
    public static Dictionary<string, AttributeValue> Compact(Dictionary<string, AttributeValue> projected) =>
        projected.ToDictionary(kv => kv.Key, kv => CompactValue(kv.Value), StringComparer.Ordinal);

    private static AttributeValue CompactValue(AttributeValue value)
    {
        if (value.Kind != AttributeKind.M)
            return value;
        if (value.M!.ContainsKey("\0list"))
            return AttributeValue.List(value.M.Where(kv => kv.Key != "\0list").OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => CompactValue(kv.Value)).ToList());
        return AttributeValue.Map(value.M.ToDictionary(kv => kv.Key, kv => CompactValue(kv.Value), StringComparer.Ordinal));
    }
}
