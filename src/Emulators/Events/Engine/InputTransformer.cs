using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Platform.Emulators.Events.Engine;

/// <summary>
/// A target's InputTransformer: InputPathsMap names values of the event, InputTemplate places them
/// with <c>&lt;name&gt;</c>. AWS's quoting rules: in a JSON template, a placeholder inside a string
/// literal inserts a string value's text (escaped for JSON) and a placeholder outside one inserts the
/// value as JSON; in a plain-text template, strings go in as they are. A path the event lacks gives
/// <c>null</c> (JSON) or nothing (text). The reserved <c>aws.events.*</c> names are always there.
/// </summary>
public sealed class InputTransformer
{
    private const int MaxPaths = 100;

    private readonly IReadOnlyDictionary<string, string> _paths;
    private readonly string _template;

    private InputTransformer(IReadOnlyDictionary<string, string> paths, string template) => (_paths, _template) = (paths, template);

    /// <exception cref="EventsException">The map or template is not one EventBridge accepts.</exception>
    public static InputTransformer Create(IReadOnlyDictionary<string, string> paths, string template, string targetId)
    {
        if (paths.Count > MaxPaths)
            throw EventsErrors.Validation($"InputPathsMap for target {targetId} has more than {MaxPaths} entries.");
        foreach (var (name, path) in paths)
        {
            if (name.StartsWith("aws.events.", StringComparison.Ordinal))
                throw EventsErrors.Validation($"Input path key {name} is reserved; InputPathsMap may not use the aws.events prefix.");
            if (!JsonPathSelector.IsValid(path))
                throw EventsErrors.Validation($"Input path {path} for key {name} is not a valid JSON path.");
        }
        if (template.Length == 0)
            throw EventsErrors.Validation($"InputTemplate for target {targetId} must not be empty.");
        return new InputTransformer(paths, template);
    }

    public string Render(JsonElement @event, string eventJson, string ruleArn, string ruleName)
    {
        var values = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        foreach (var (name, path) in _paths)
            values[name] = JsonPathSelector.Select(@event, path);
        var trimmed = _template.TrimStart();
        var jsonTemplate = trimmed.Length > 0 && trimmed[0] is '{' or '[' or '"';

        var output = new StringBuilder(_template.Length + 64);
        var inString = false;
        for (var i = 0; i < _template.Length; i++)
        {
            var c = _template[i];
            if (jsonTemplate && c == '"' && !IsEscaped(i))
                inString = !inString;
            if (c == '<' && _template.IndexOf('>', i + 1) is var close and > 0)
            {
                var name = _template[(i + 1)..close];
                if (TryReserved(name, @event, eventJson, ruleArn, ruleName, out var reserved))
                {
                    output.Append(Format(reserved, jsonTemplate, inString));
                    i = close;
                    continue;
                }
                if (values.TryGetValue(name, out var value))
                {
                    output.Append(Format(value, jsonTemplate, inString));
                    i = close;
                    continue;
                }
            }
            output.Append(c);
        }
        return output.ToString();
    }

    private bool IsEscaped(int index)
    {
        var backslashes = 0;
        for (var j = index - 1; j >= 0 && _template[j] == '\\'; j--)
            backslashes++;
        return backslashes % 2 == 1;
    }

    private static bool TryReserved(string name, JsonElement @event, string eventJson, string ruleArn, string ruleName, out JsonElement? value)
    {
        switch (name)
        {
            case "aws.events.rule-arn":
                value = JsonSerializer.SerializeToElement(ruleArn, EventsJsonContext.Default.String);
                return true;
            case "aws.events.rule-name":
                value = JsonSerializer.SerializeToElement(ruleName, EventsJsonContext.Default.String);
                return true;
            case "aws.events.event.ingestion-time":
                value = @event.TryGetProperty("time", out var time) ? time : null;
                return true;
            case "aws.events.event" or "aws.events.event.json":
                value = JsonDocument.Parse(eventJson).RootElement;
                return true;
            default:
                value = null;
                return false;
        }
    }

    private static string Format(JsonElement? value, bool jsonTemplate, bool inString)
    {
        if (value is not { } element || element.ValueKind == JsonValueKind.Null)
            return jsonTemplate && !inString ? "null" : "";
        if (!jsonTemplate)
            return element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        if (!inString)
            return element.GetRawText();
        var text = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        return JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(text);
    }
}
