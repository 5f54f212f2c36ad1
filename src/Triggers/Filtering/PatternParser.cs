using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary>Turns pattern JSON into matchers, refusing what Lambda refuses with a message that says
/// where and why.</summary>
internal static class PatternParser
{
    private const string Or = "$or";

    public static ObjectPattern Parse(string patternJson)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(patternJson, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw PatternErrors.Invalid($"The pattern is not valid JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw PatternErrors.Invalid("A pattern must be a JSON object, e.g. {\"body\": {\"type\": [\"order\"]}}.");
            return ParseObject(document.RootElement, "");
        }
    }

    private static ObjectPattern ParseObject(JsonElement obj, string path)
    {
        var fields = new List<FieldRule>();
        var alternatives = new List<IReadOnlyList<ObjectPattern>>();
        foreach (var property in obj.EnumerateObject())
        {
            var fieldPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (property.Name == Or)
            {
                alternatives.Add(ParseOr(property.Value, path, fieldPath));
                continue;
            }
            fields.Add(property.Value.ValueKind switch
            {
                JsonValueKind.Object => new NestedRule(property.Name, ParseObject(property.Value, fieldPath)),
                JsonValueKind.Array => new MatcherArrayRule(property.Name, ParseMatchers(property.Value, fieldPath)),
                _ => throw PatternErrors.Invalid($"\"{fieldPath}\" must be an array of values or matchers, or a nested object; found {Describe(property.Value)}."),
            });
        }
        if (fields.Count == 0 && alternatives.Count == 0)
            throw PatternErrors.Invalid(path.Length == 0 ? "The pattern is an empty object." : $"\"{path}\" is an empty object.");
        return new ObjectPattern(fields, alternatives);
    }

    private static ObjectPattern[] ParseOr(JsonElement value, string parentPath, string path)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
            throw PatternErrors.Invalid($"\"{path}\" must be a non-empty array of pattern objects.");
        return value.EnumerateArray()
            .Select((item, i) => item.ValueKind == JsonValueKind.Object
                ? ParseObject(item, parentPath)
                : throw PatternErrors.Invalid($"\"{path}\"[{i}] must be a pattern object; found {Describe(item)}."))
            .ToArray();
    }

    private static ValueMatcher[] ParseMatchers(JsonElement array, string path)
    {
        if (array.GetArrayLength() == 0)
            throw PatternErrors.Invalid($"\"{path}\" is an empty array; list at least one value or matcher.");
        return array.EnumerateArray().Select(item => ParseMatcher(item, path)).ToArray();
    }

    private static ValueMatcher ParseMatcher(JsonElement item, string path) => item.ValueKind switch
    {
        JsonValueKind.Object => ParseOperator(item, path),
        JsonValueKind.Array => throw PatternErrors.Invalid($"\"{path}\" holds a nested array; matcher arrays are flat."),
        _ => new ExactMatcher(item.Clone()),
    };

    private static ValueMatcher ParseOperator(JsonElement matcher, string path)
    {
        var properties = matcher.EnumerateObject().ToArray();
        if (properties.Length != 1)
            throw PatternErrors.Invalid($"A matcher in \"{path}\" must have exactly one key (prefix, suffix, equals-ignore-case, anything-but, numeric, exists, wildcard, cidr); found {properties.Length}.");
        var (name, operand) = (properties[0].Name, properties[0].Value);
        return name switch
        {
            "prefix" => ParseAffix(StringMatchKind.Prefix, operand, path, allowEmpty: true),
            "suffix" => ParseAffix(StringMatchKind.Suffix, operand, path, allowEmpty: true),
            "equals-ignore-case" => new StringMatcher(StringMatchKind.Equals, RequireString(operand, name, path), ignoreCase: true),
            "anything-but" => new AnythingButMatcher(ParseAnythingBut(operand, path)),
            "numeric" => ParseNumeric(operand, path),
            "exists" => operand.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? new ExistsMatcher(operand.GetBoolean())
                : throw PatternErrors.Invalid($"\"exists\" in \"{path}\" must be true or false; found {Describe(operand)}."),
            "wildcard" => WildcardMatcher.Parse(RequireString(operand, name, path)),
            "cidr" => CidrMatcher.Parse(RequireString(operand, name, path)),
            _ => throw PatternErrors.Invalid($"Unrecognized match type \"{name}\" in \"{path}\"."),
        };
    }

    // prefix/suffix take a string, or {"equals-ignore-case": string} for a case-insensitive test.
    private static StringMatcher ParseAffix(StringMatchKind kind, JsonElement operand, string path, bool allowEmpty)
    {
        var name = kind == StringMatchKind.Prefix ? "prefix" : "suffix";
        var ignoreCase = false;
        if (operand.ValueKind == JsonValueKind.Object)
        {
            var inner = operand.EnumerateObject().ToArray();
            if (inner.Length != 1 || inner[0].Name != "equals-ignore-case")
                throw PatternErrors.Invalid($"\"{name}\" in \"{path}\" takes a string or {{\"equals-ignore-case\": string}}.");
            operand = inner[0].Value;
            ignoreCase = true;
        }
        var text = RequireString(operand, name, path);
        if (!allowEmpty && text.Length == 0)
            throw PatternErrors.Invalid($"An empty \"{name}\" is not allowed in anything-but (\"{path}\").");
        return new StringMatcher(kind, text, ignoreCase);
    }

    private static ValueMatcher[] ParseAnythingBut(JsonElement operand, string path)
    {
        switch (operand.ValueKind)
        {
            case JsonValueKind.String:
            case JsonValueKind.Number:
                return [new ExactMatcher(operand.Clone())];
            case JsonValueKind.Array:
                var items = operand.EnumerateArray().ToArray();
                if (items.Length == 0)
                    throw PatternErrors.Invalid($"\"anything-but\" in \"{path}\" has an empty list.");
                var kind = items[0].ValueKind;
                if (kind is not (JsonValueKind.String or JsonValueKind.Number) || items.Any(i => i.ValueKind != kind))
                    throw PatternErrors.Invalid($"\"anything-but\" in \"{path}\" takes a list of strings or a list of numbers, not both and nothing else.");
                return [.. items.Select(i => new ExactMatcher(i.Clone()))];
            case JsonValueKind.Object:
                var inner = operand.EnumerateObject().ToArray();
                if (inner.Length != 1)
                    throw PatternErrors.Invalid($"\"anything-but\" in \"{path}\" takes one of prefix, suffix, equals-ignore-case or wildcard.");
                var (name, value) = (inner[0].Name, inner[0].Value);
                return name switch
                {
                    "prefix" when value.ValueKind == JsonValueKind.String => [ParseAffix(StringMatchKind.Prefix, value, path, allowEmpty: false)],
                    "suffix" when value.ValueKind == JsonValueKind.String => [ParseAffix(StringMatchKind.Suffix, value, path, allowEmpty: false)],
                    "equals-ignore-case" => StringsOf(value, name, path)
                        .Select(s => (ValueMatcher)new StringMatcher(StringMatchKind.Equals, s, ignoreCase: true)).ToArray(),
                    "wildcard" => StringsOf(value, name, path).Select(s => (ValueMatcher)WildcardMatcher.Parse(s)).ToArray(),
                    _ => throw PatternErrors.Invalid($"\"anything-but\" in \"{path}\" does not support \"{name}\" with {Describe(value)}."),
                };
            default:
                throw PatternErrors.Invalid($"\"anything-but\" in \"{path}\" takes a string, a number, a list of either, or a prefix/suffix/equals-ignore-case/wildcard object; found {Describe(operand)}.");
        }
    }

    private static NumericMatcher ParseNumeric(JsonElement operand, string path)
    {
        if (operand.ValueKind != JsonValueKind.Array || operand.GetArrayLength() is not (2 or 4))
            throw PatternErrors.Invalid($"\"numeric\" in \"{path}\" takes [operator, number] or [lower operator, number, upper operator, number].");
        var items = operand.EnumerateArray().ToArray();
        var conditions = new List<(string, double)>();
        for (var i = 0; i < items.Length; i += 2)
        {
            var op = items[i].ValueKind == JsonValueKind.String ? items[i].GetString()! : "";
            if (op is not ("=" or "<" or "<=" or ">" or ">="))
                throw PatternErrors.Invalid($"\"numeric\" in \"{path}\": {items[i].GetRawText()} is not one of =, <, <=, >, >=.");
            if (items[i + 1].ValueKind != JsonValueKind.Number || !items[i + 1].TryGetDouble(out var number) || !double.IsFinite(number))
                throw PatternErrors.Invalid($"\"numeric\" in \"{path}\": the operand of \"{op}\" must be a number; found {Describe(items[i + 1])}.");
            conditions.Add((op, number));
        }
        if (conditions.Count == 2)
        {
            var ((lowOp, low), (highOp, high)) = (conditions[0], conditions[1]);
            if (lowOp is not (">" or ">=") || highOp is not ("<" or "<="))
                throw PatternErrors.Invalid($"\"numeric\" in \"{path}\": a range is a lower bound (> or >=) followed by an upper bound (< or <=).");
            if (low >= high)
                throw PatternErrors.Invalid($"\"numeric\" in \"{path}\": the lower bound {low} must be below the upper bound {high}.");
        }
        return new NumericMatcher(conditions);
    }

    private static string[] StringsOf(JsonElement value, string name, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
            return [value.GetString()!];
        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0
            && value.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String))
        {
            return [.. value.EnumerateArray().Select(i => i.GetString()!)];
        }
        throw PatternErrors.Invalid($"\"{name}\" in anything-but (\"{path}\") takes a string or a non-empty list of strings.");
    }

    private static string RequireString(JsonElement operand, string name, string path) =>
        operand.ValueKind == JsonValueKind.String
            ? operand.GetString()!
            : throw PatternErrors.Invalid($"\"{name}\" in \"{path}\" takes a string; found {Describe(operand)}.");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {value.GetRawText()}",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        _ => value.GetRawText(),
    };
}
