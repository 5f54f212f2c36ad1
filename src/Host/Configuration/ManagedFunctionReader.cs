using System.Text.RegularExpressions;
using Platform.Runtime;
using YamlDotNet.RepresentationModel;

namespace Platform.Host.Configuration;

/// <summary>
/// A function on one of Lambda's runtimes in platform.yaml: <c>runtime: python3.12</c>,
/// <c>handler: app.handler</c>, <c>code: ./thumbs</c> (a folder, or a .zip the runtime extracts under
/// the data directory) and optional <c>layers</c> (folders laid out as Lambda's /opt).
/// </summary>
internal static partial class ManagedFunctionReader
{
    public static (string? Assembly, string? Handler, IReadOnlyList<string>? Command, string? Directory, string Isolation) Read(
        YamlNodeReader yaml, IReadOnlyDictionary<string, YamlNode> entries, YamlNode body, string path, string runtime, string baseDir)
    {
        foreach (var key in new[] { "assembly", "command", "directory", "isolation" })
            if (entries.TryGetValue(key, out var node))
                throw yaml.Error(node, $"{path}.{key} is not used by runtime '{runtime}'; name the code folder (code: ./folder) and the handler.");

        var code = yaml.RequiredString(entries, body, "code", path);
        var full = Path.GetFullPath(Path.Combine(baseDir, code));
        var isZip = full.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        if (isZip ? !File.Exists(full) : !Directory.Exists(full))
            throw yaml.Error(entries["code"], $"{path}.code '{code}' does not exist ({full}); it is a folder or a .zip holding the function's code.");

        string? handler;
        if (ManagedRuntimes.IsProvided(runtime))
        {
            handler = yaml.OptionalString(entries, "handler", path);
        }
        else
        {
            handler = yaml.RequiredString(entries, body, "handler", path);
            var valid = ManagedRuntimes.IsDotnet(runtime) ? DotnetHandler().IsMatch(handler) : ScriptHandler().IsMatch(handler);
            if (!valid)
            {
                throw yaml.Error(entries["handler"], ManagedRuntimes.IsDotnet(runtime)
                    ? $"{path}.handler must be 'Assembly::Namespace.Type::Method', not '{handler}'."
                    : $"{path}.handler must be 'file.function' (e.g. app.handler, or src/app.handler), not '{handler}'.");
            }
        }

        return (null, handler, null, full, "process");
    }

    public static IReadOnlyList<string> Layers(YamlNodeReader yaml, IReadOnlyDictionary<string, YamlNode> entries, string path, string baseDir)
    {
        if (!entries.TryGetValue("layers", out var node))
            return [];
        var layers = yaml.StringList(node, path + ".layers").Select(l => Path.GetFullPath(Path.Combine(baseDir, l))).ToList();
        if (layers.Count > 5)
            throw yaml.Error(node, $"{path}.layers lists {layers.Count} layers; Lambda allows at most 5.");
        foreach (var layer in layers.Where(l => !Directory.Exists(l)))
            throw yaml.Error(node, $"{path}.layers: '{layer}' is not a folder (a layer is a folder laid out as /opt: python/, nodejs/node_modules/, bin/, lib/).");
        return layers;
    }

    [GeneratedRegex(@"^[^\s.][^\s]*\.[^\s./]+$")]
    private static partial Regex ScriptHandler();

    [GeneratedRegex(@"^[^\s:]+::[^\s:]+(::[^\s:]+)?$")]
    private static partial Regex DotnetHandler();
}
