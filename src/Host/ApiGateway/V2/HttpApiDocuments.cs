using Platform.Triggers;

namespace Platform.Host.ApiGateway.V2;

/// <summary>The HTTP APIs' store as the operations use it: find one or answer NotFound, change one
/// (never one platform.yaml declares) and redeploy its auto-deploy stages when asked.</summary>
internal sealed class HttpApiDocuments(ApiDocumentStore<HttpApiDocument> store, TriggerOptions options, TimeProvider time)
{
    public ApiDocumentStore<HttpApiDocument> Store => store;

    public HttpApiDocument Find(string id) => store.Get(id) ?? throw NoApi(id);

    public ApiGatewayException NoApi(string id) => ApiGatewayException.NotFound($"Invalid API identifier specified {options.AccountId}:{id}");

    public DateTime Now() => DateTime.SpecifyKind(time.GetUtcNow().UtcDateTime, DateTimeKind.Utc);

    /// <param name="redeploy">True when the change alters what a stage serves (routes, integrations, authorizers).</param>
    public Task<T> ChangeAsync<T>(ApiGatewayRequest request, string id, bool redeploy, Func<HttpApiDocument, (HttpApiDocument Document, T Result)> change) =>
        store.ChangeAsync(id, d =>
        {
            if (d is null)
                throw NoApi(id);
            if (d.Declared)
                throw ApiGatewayException.BadRequest($"The API {id} is declared in platform.yaml; change it there.");
            var (next, result) = change(d);
            return (redeploy ? HttpDeployer.AutoDeploy(next, Now()) : next, result);
        }, request.Aborted);
}
