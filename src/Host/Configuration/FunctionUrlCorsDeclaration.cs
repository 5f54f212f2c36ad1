namespace Platform.Host.Configuration;

/// <summary>A declared function URL's `cors:` block, with Lambda's member names in camelCase.</summary>
public sealed record FunctionUrlCorsDeclaration
{
    public bool? AllowCredentials { get; init; }
    public IReadOnlyList<string>? AllowHeaders { get; init; }
    public IReadOnlyList<string>? AllowMethods { get; init; }
    public IReadOnlyList<string>? AllowOrigins { get; init; }
    public IReadOnlyList<string>? ExposeHeaders { get; init; }
    public int? MaxAge { get; init; }
}
