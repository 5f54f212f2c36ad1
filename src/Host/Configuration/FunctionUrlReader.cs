using YamlDotNet.RepresentationModel;

namespace Platform.Host.Configuration;

/// <summary>Reads a function's `url:` block: <c>url: { authType: NONE, invokeMode: BUFFERED,
/// cors: { allowOrigins: [...], allowMethods: [...], allowHeaders: [...], exposeHeaders: [...],
/// maxAge: 60, allowCredentials: true } }</c>, with Lambda's own limits.</summary>
internal static class FunctionUrlReader
{
    public static FunctionUrlDeclaration? Read(YamlNodeReader yaml, string function, YamlNode body)
    {
        var path = $"functions.{function}";
        if (body is not YamlMappingNode mapping
            || !mapping.Children.TryGetValue(new YamlScalarNode("url"), out var node))
        {
            return null;
        }
        path += ".url";
        var entries = yaml.Entries(yaml.Mapping(node, path), path, "authType", "invokeMode", "cors");
        var authType = yaml.OptionalString(entries, "authType", path) ?? "NONE";
        if (authType is not ("NONE" or "AWS_IAM"))
            throw yaml.Error(entries["authType"], $"{path}.authType must be NONE or AWS_IAM, not '{authType}'.");
        var invokeMode = yaml.OptionalString(entries, "invokeMode", path) ?? "BUFFERED";
        if (invokeMode is not ("BUFFERED" or "RESPONSE_STREAM"))
            throw yaml.Error(entries["invokeMode"], $"{path}.invokeMode must be BUFFERED or RESPONSE_STREAM, not '{invokeMode}'.");
        return new FunctionUrlDeclaration
        {
            Function = function,
            AuthType = authType,
            InvokeMode = invokeMode,
            Cors = entries.TryGetValue("cors", out var cors) ? ReadCors(yaml, cors, path + ".cors") : null,
        };
    }

    private static FunctionUrlCorsDeclaration ReadCors(YamlNodeReader yaml, YamlNode node, string path)
    {
        var entries = yaml.Entries(yaml.Mapping(node, path), path,
            "allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "maxAge", "allowCredentials");
        IReadOnlyList<string>? List(string key, int max)
        {
            if (!entries.TryGetValue(key, out var value))
                return null;
            var list = yaml.StringList(value, $"{path}.{key}");
            return list.Count <= max ? list : throw yaml.Error(value, $"{path}.{key} may list at most {max} values (Lambda's limit).");
        }
        bool? credentials = null;
        if (entries.TryGetValue("allowCredentials", out var flag))
        {
            credentials = yaml.Scalar(flag, path + ".allowCredentials") switch
            {
                "true" => true,
                "false" => false,
                var other => throw yaml.Error(flag, $"{path}.allowCredentials must be true or false, not '{other}'."),
            };
        }
        return new FunctionUrlCorsDeclaration
        {
            AllowOrigins = List("allowOrigins", 100),
            AllowMethods = List("allowMethods", 6),
            AllowHeaders = List("allowHeaders", 100),
            ExposeHeaders = List("exposeHeaders", 100),
            MaxAge = yaml.OptionalInt(entries, "maxAge", path, 0, 86400),
            AllowCredentials = credentials,
        };
    }
}
