using YamlDotNet.RepresentationModel;

namespace Platform.Host.Configuration;

/// <summary>Reads an `http:` trigger: <c>{ path: "/orders/{id}", method: GET }</c> (method defaults to ANY;
/// <c>path: $default</c> catches what no other route matches).</summary>
internal static class HttpRouteReader
{
    private static readonly string[] Methods = ["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public static HttpRouteDeclaration Read(YamlNodeReader yaml, string function, YamlNode node, string path)
    {
        var entries = yaml.Entries(yaml.Mapping(node, path), path, "path", "method");
        var routePath = yaml.RequiredString(entries, node, "path", path);
        var method = (yaml.OptionalString(entries, "method", path) ?? "ANY").ToUpperInvariant();
        if (!Methods.Contains(method))
            throw yaml.Error(entries["method"], $"{path}.method must be one of {string.Join(", ", Methods)}, not '{method}'.");
        var declaration = new HttpRouteDeclaration { Function = function, Method = method, Path = routePath };
        if (ApiGateway.V2.RouteKey.Parse(declaration.RouteKey) is null)
            throw yaml.Error(entries["path"], $"{path}.path '{routePath}' is no HTTP API route path: start with /, use {{name}} segments and at most a last {{name+}}, or $default.");
        return declaration;
    }
}
