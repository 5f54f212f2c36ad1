using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Platform.Host.Configuration;

/// <summary>
/// Reads platform.yaml's node tree with the position of every node at hand, so that each error
/// names its line and says what would be valid. Unknown keys are errors, not silently ignored:
/// a misspelt option must not quietly fall back to a default.
/// </summary>
internal sealed class YamlNodeReader(string file)
{
    public string File { get; } = file;

    public ConfigException Error(YamlNode node, string message) => new(File, (int)node.Start.Line, message);

    public YamlMappingNode Mapping(YamlNode node, string path) =>
        node as YamlMappingNode ?? throw Error(node, $"{path} must be a mapping (key: value lines).");

    public YamlSequenceNode Sequence(YamlNode node, string path) =>
        node as YamlSequenceNode ?? throw Error(node, $"{path} must be a list (lines starting with '- ').");

    public string Scalar(YamlNode node, string path) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(node, $"{path} must be a single value.");

    /// <summary>The mapping's entries by key, after checking every key is one of <paramref name="allowed"/>.</summary>
    public IReadOnlyDictionary<string, YamlNode> Entries(YamlMappingNode mapping, string path, params string[] allowed)
    {
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = Scalar(keyNode, path);
            if (allowed.Length > 0 && !allowed.Contains(key, StringComparer.Ordinal))
                throw Error(keyNode, $"{Join(path, key)} is not a known option; valid here: {string.Join(", ", allowed)}.");
            if (!entries.TryAdd(key, value))
                throw Error(keyNode, $"{Join(path, key)} is given twice.");
        }

        return entries;
    }

    public string? OptionalString(IReadOnlyDictionary<string, YamlNode> entries, string key, string path) =>
        entries.TryGetValue(key, out var node) ? Scalar(node, Join(path, key)) : null;

    public string RequiredString(IReadOnlyDictionary<string, YamlNode> entries, YamlNode parent, string key, string path) =>
        OptionalString(entries, key, path) ?? throw Error(parent, $"{Join(path, key)} is required.");

    public int? OptionalInt(IReadOnlyDictionary<string, YamlNode> entries, string key, string path, int min, int max)
    {
        if (!entries.TryGetValue(key, out var node))
            return null;
        var text = Scalar(node, Join(path, key));
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw Error(node, $"{Join(path, key)} must be a whole number from {min} to {max}, not '{text}'.");
        return value;
    }

    public TimeSpan? OptionalDuration(IReadOnlyDictionary<string, YamlNode> entries, string key, string path)
    {
        if (!entries.TryGetValue(key, out var node))
            return null;
        return Duration(node, Join(path, key));
    }

    /// <summary>Durations are written <c>500ms</c>, <c>30s</c>, <c>5m</c> or <c>1h</c>; a bare number is seconds.</summary>
    public TimeSpan Duration(YamlNode node, string path)
    {
        var text = Scalar(node, path).Trim();
        (string digits, double unitSeconds) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1),
            _ when text.EndsWith('m') => (text[..^1], 60),
            _ when text.EndsWith('h') => (text[..^1], 3600),
            _ => (text, 1),
        };
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount < 0)
            throw Error(node, $"{path} must be a duration such as 500ms, 30s or 5m, not '{text}'.");
        return TimeSpan.FromSeconds(amount * unitSeconds);
    }

    public IReadOnlyList<string> StringList(YamlNode node, string path) =>
        node is YamlScalarNode
            ? [Scalar(node, path)]
            : Sequence(node, path).Children.Select((item, i) => Scalar(item, $"{path}[{i}]")).ToList();

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
