using Platform.Triggers;

namespace Platform.Host.ApiGateway.V2;

/// <summary>The HTTP APIs' store as the operations use it: find one or answer NotFound, change one
/// (never one platform.yaml declares) and redeploy its auto-deploy stages when asked.</summary>
internal sealed class HttpApiDocuments(ApiDocumentStore<HttpApiDocument> store, DeclaredHttpApi declared, TriggerOptions options, TimeProvider time)
{
    public ApiDocumentStore<HttpApiDocument> Store => store;

    /// <summary>The API of that id, platform.yaml's included.</summary>
    public HttpApiDocument? Get(string id) => id == DeclaredHttpApi.Id ? declared.Document : store.Get(id);

    /// <summary>Every API, platform.yaml's first.</summary>
    public IEnumerable<HttpApiDocument> All => declared.Document is { } yaml ? store.All.Prepend(yaml) : store.All;

    public HttpApiDocument Find(string id) => Get(id) ?? throw NoApi(id);

    public ApiGatewayException NoApi(string id) => ApiGatewayException.NotFound($"Invalid API identifier specified {options.AccountId}:{id}");

    public static ApiGatewayException Declared(string id) =>
        ApiGatewayException.BadRequest($"The API {id} is declared in platform.yaml (http: triggers); change it there.");

    public DateTime Now() => DateTime.SpecifyKind(time.GetUtcNow().UtcDateTime, DateTimeKind.Utc);

    /// <param name="redeploy">True when the change alters what a stage serves (routes, integrations, authorizers).</param>
    public Task<T> ChangeAsync<T>(ApiGatewayRequest request, string id, bool redeploy, Func<HttpApiDocument, (HttpApiDocument Document, T Result)> change) =>
        Get(id) is { Declared: true } ? throw Declared(id) : store.ChangeAsync(id, d =>
        {
            if (d is null)
                throw NoApi(id);
            var (next, result) = change(d);
            return (redeploy ? HttpDeployer.AutoDeploy(next, Now()) : next, result);
        }, request.Aborted);
}
