using Microsoft.Extensions.DependencyInjection;
using Platform.Host.Composition;
using Platform.Host.Configuration;

namespace Platform.Host.Lambda;

/// <summary>Every function URL the platform answers: those created through the API (while their
/// function and alias exist) and those platform.yaml declares (`url:` on a function), found by
/// function or by URL id.</summary>
internal sealed class FunctionUrlDirectory(FunctionUrlStore store, LambdaControlStore control, TimeProvider time, IServiceProvider services)
{
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public IReadOnlyList<FunctionUrlConfig> All => [.. store.All.Where(Live), .. Declared()];

    public FunctionUrlConfig? ById(string urlId) => All.FirstOrDefault(c => c.UrlId == urlId);

    public FunctionUrlConfig? Get(string function, string? qualifier) =>
        All.FirstOrDefault(c => c.FunctionName == function && c.Qualifier == qualifier);

    public IReadOnlyList<FunctionUrlConfig> OfFunction(string function) =>
        [.. All.Where(c => c.FunctionName == function).OrderBy(c => c.Key, StringComparer.Ordinal)];

    /// <summary>A stored URL outlives nothing: once its function (or alias) is deleted it is gone.</summary>
    public bool Live(FunctionUrlConfig config) =>
        control.Function(config.FunctionName) is not null
        && (config.Qualifier is null or "$LATEST" || control.Alias(config.FunctionName, config.Qualifier) is not null);

    private IEnumerable<FunctionUrlConfig> Declared()
    {
        var current = services.GetService<CurrentPlatformConfig>()?.Value ?? services.GetService<PlatformConfig>();
        if (current is null)
            yield break;
        foreach (var url in current.FunctionUrls)
        {
            yield return new FunctionUrlConfig
            {
                FunctionName = url.Function,
                UrlId = FunctionUrlStore.DeclaredId(url.Function),
                AuthType = url.AuthType,
                InvokeMode = url.InvokeMode,
                Cors = url.Cors is not { } cors ? null : new FunctionUrlCors
                {
                    AllowCredentials = cors.AllowCredentials,
                    AllowHeaders = cors.AllowHeaders?.ToList(),
                    AllowMethods = cors.AllowMethods?.ToList(),
                    AllowOrigins = cors.AllowOrigins?.ToList(),
                    ExposeHeaders = cors.ExposeHeaders?.ToList(),
                    MaxAge = cors.MaxAge,
                },
                CreationTime = _started,
                LastModifiedTime = _started,
                Declared = true,
            };
        }
    }
}
