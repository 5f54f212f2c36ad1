using System.Text.Json;
using Platform.Emulators.Topics.Engine;
using Platform.Triggers.Filtering;

namespace Platform.Triggers.Sources.Sns;

/// <summary>
/// SNS's checks of a FilterPolicy, on top of the shared pattern syntax: at most 5 keys (attribute
/// names, or leaf paths of a body policy), at most 150 combinations (the product of each key's
/// number of values, summed over <c>$or</c> branches), at most 256 KB, and an attributes-scope
/// policy cannot nest (message attributes are flat).
/// </summary>
public sealed class SnsFilterPolicyRules : IFilterPolicyRules
{
    public const int MaxKeys = 5;
    public const int MaxCombinations = 150;
    private const int MaxBytes = 256 * 1024;

    public string? Validate(string filterPolicy, string scope)
    {
        if (filterPolicy.Length > MaxBytes)
            return "Filter policy is too large";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(filterPolicy);
        }
        catch (JsonException)
        {
            return "failed to parse JSON.";
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return "Filter policy must be a JSON object.";
            if (scope == "MessageAttributes" && Nests(root))
                return "Filter policy scope MessageAttributes does not support nested filter policy";
            try
            {
                EventPattern.Parse(filterPolicy);
            }
            catch (FormatException error)
            {
                return error.Message;
            }

            var keys = new HashSet<string>(StringComparer.Ordinal);
            var combinations = Combinations(root, "", keys);
            if (keys.Count > MaxKeys)
                return $"Filter policy can not have more than {MaxKeys} keys";
            if (combinations > MaxCombinations)
                return "Filter policy is too complex";
            return null;
        }
    }

    /// <summary>An attribute policy's values are arrays (or $or): an object value is a nested policy.</summary>
    private static bool Nests(JsonElement policy)
    {
        foreach (var property in policy.EnumerateObject())
        {
            if (property.Name == "$or")
            {
                if (property.Value.ValueKind == JsonValueKind.Array && property.Value.EnumerateArray().Any(b => b.ValueKind == JsonValueKind.Object && Nests(b)))
                    return true;
                continue;
            }
            if (property.Value.ValueKind == JsonValueKind.Object)
                return true;
        }
        return false;
    }

    private static long Combinations(JsonElement node, string path, HashSet<string> keys)
    {
        long product = 1;
        foreach (var property in node.EnumerateObject())
        {
            long factor;
            if (property.Name == "$or" && property.Value.ValueKind == JsonValueKind.Array)
                factor = property.Value.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Object).Sum(b => Combinations(b, path, keys));
            else if (property.Value.ValueKind == JsonValueKind.Object)
                factor = Combinations(property.Value, path + property.Name + ".", keys);
            else
            {
                keys.Add(path + property.Name);
                factor = property.Value.ValueKind == JsonValueKind.Array ? Math.Max(1, property.Value.GetArrayLength()) : 1;
            }
            product = Math.Min(product * Math.Max(factor, 1), long.MaxValue / 1024);
        }
        return product;
    }
}
