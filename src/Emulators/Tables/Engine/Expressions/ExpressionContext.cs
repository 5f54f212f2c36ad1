namespace Platform.Emulators.Tables.Engine.Expressions;

/// <summary>A request's ExpressionAttributeNames and ExpressionAttributeValues, shared by all its
/// expressions, remembering which were used: DynamoDB refuses a request that defines one no
/// expression uses.</summary>
public sealed class ExpressionContext
{
    private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedValues = new(StringComparer.Ordinal);

    public ExpressionContext(IReadOnlyDictionary<string, string>? names, IReadOnlyDictionary<string, AttributeValue>? values)
    {
        if (names is { Count: 0 })
            throw TableErrors.Validation("ExpressionAttributeNames must not be empty");
        if (values is { Count: 0 })
            throw TableErrors.Validation("ExpressionAttributeValues must not be empty");
        foreach (var key in names?.Keys ?? [])
        {
            if (key.Length < 2 || key[0] != '#' || !key.Skip(1).All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw TableErrors.Validation($"ExpressionAttributeNames contains invalid key: Syntax error; key: \"{key}\"");
        }

        foreach (var key in values?.Keys ?? [])
        {
            if (key.Length < 2 || key[0] != ':' || !key.Skip(1).All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw TableErrors.Validation($"ExpressionAttributeValues contains invalid key: Syntax error; key: \"{key}\"");
        }

        Names = names ?? new Dictionary<string, string>();
        Values = values ?? new Dictionary<string, AttributeValue>();
    }

    public static ExpressionContext Empty => new(null, null);

    public IReadOnlyDictionary<string, string> Names { get; }
    public IReadOnlyDictionary<string, AttributeValue> Values { get; }

    internal string ResolveName(string placeholder)
    {
        if (!Names.TryGetValue(placeholder, out var name))
            throw new ExpressionError($"An expression attribute name used in the document path is not defined; attribute name: {placeholder}");
        _usedNames.Add(placeholder);
        return name;
    }

    internal AttributeValue ResolveValue(string placeholder)
    {
        if (!Values.TryGetValue(placeholder, out var value))
            throw new ExpressionError($"An expression attribute value used in expression is not defined; attribute value: {placeholder}");
        _usedValues.Add(placeholder);
        return value;
    }

    /// <summary>Called once every expression of the request has been parsed.</summary>
    public void EnsureAllUsed()
    {
        var unusedNames = Names.Keys.Where(k => !_usedNames.Contains(k)).ToList();
        if (unusedNames.Count > 0)
            throw TableErrors.Validation($"Value provided in ExpressionAttributeNames unused in expressions: keys: {{{string.Join(", ", unusedNames)}}}");
        var unusedValues = Values.Keys.Where(k => !_usedValues.Contains(k)).ToList();
        if (unusedValues.Count > 0)
            throw TableErrors.Validation($"Value provided in ExpressionAttributeValues unused in expressions: keys: {{{string.Join(", ", unusedValues)}}}");
    }
}
