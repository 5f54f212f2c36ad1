using System.Globalization;
using System.Text.Json;

namespace Platform.Emulators.Events.Engine;

/// <summary>The JSONPath subset EventBridge accepts in InputPath and InputPathsMap: <c>$</c>, then
/// <c>.name</c>, <c>['name']</c> and <c>[index]</c> steps.</summary>
internal static class JsonPathSelector
{
    public static bool IsValid(string path) => TryParse(path, out _);

    /// <summary>The value at <paramref name="path"/>, or null when the event has none there.</summary>
    public static JsonElement? Select(JsonElement root, string path)
    {
        if (!TryParse(path, out var steps))
            return null;
        var current = root;
        foreach (var step in steps)
        {
            if (step is int index)
            {
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                    return null;
                current = current[index];
            }
            else if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty((string)step, out current))
                return null;
        }
        return current;
    }

    private static bool TryParse(string path, out List<object> steps)
    {
        steps = [];
        if (!path.StartsWith('$'))
            return false;
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not ('.' or '['))
                    end++;
                if (end == i + 1)
                    return false;
                steps.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                    return false;
                var inner = path[(i + 1)..close];
                if (inner.Length >= 2 && inner[0] == '\'' && inner[^1] == '\'')
                    steps.Add(inner[1..^1]);
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    steps.Add(index);
                else
                    return false;
                i = close + 1;
            }
            else
                return false;
        }
        return true;
    }
}
