namespace Platform.Host.Lambda;

/// <summary>A function URL's CORS settings as Lambda stores them; absent members stay null.</summary>
internal sealed record FunctionUrlCors
{
    public bool? AllowCredentials { get; init; }
    public List<string>? AllowHeaders { get; init; }
    public List<string>? AllowMethods { get; init; }
    public List<string>? AllowOrigins { get; init; }
    public List<string>? ExposeHeaders { get; init; }
    public int? MaxAge { get; init; }
}
