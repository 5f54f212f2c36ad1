namespace Platform.Host.Configuration;

/// <summary>`- http: { path: "/orders/{id}", method: GET }` in a function's triggers: a route of the one
/// HTTP API platform.yaml declares, to that function (payload 2.0).</summary>
public sealed record HttpRouteDeclaration
{
    public required string Function { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }

    /// <summary>The route key: <c>GET /orders/{id}</c>, or <c>$default</c> for <c>path: $default</c>.</summary>
    public string RouteKey => Path == "$default" ? "$default" : $"{Method} {Path}";
}
