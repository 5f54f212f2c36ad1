using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Host.ApiGateway;
using Platform.Host.ApiGateway.V1;
using Platform.Host.ApiGateway.V2;
using Platform.Host.Lambda;
using Platform.Triggers;
using static Platform.Host.Admin.AdminJson;

namespace Platform.Host.Dashboard;

/// <summary>
/// /_platform/http: every HTTP front end of the platform — HTTP APIs (platform.yaml's included), REST
/// APIs and function URLs — with the addresses they answer on, each route's function and the last
/// requests each answered (<see cref="HttpRequestLog"/>).
/// </summary>
internal sealed class HttpViews(HttpApiDocuments httpApis, ApiDocumentStore<RestApiDocument> restApis,
    FunctionUrlDirectory urls, HttpRequestLog requests, TriggerOptions options)
{
    public Task ListAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status200OK, json =>
    {
        var edge = $"http://127.0.0.1:{context.Request.Host.Port ?? 4566}";
        var port = context.Request.Host.Port ?? 4566;
        json.WriteStartObject();
        json.WriteStartArray("apis");
        foreach (var api in httpApis.All)
        {
            var routes = api.Routes.Select(r => (r.RouteKey, Function(api, r.Target)));
            WriteApi(json, "HTTP", api.Api.ApiId, api.Api.Name, api.Declared, api.Stages.Select(s => s.StageName), routes, edge, port);
        }

        foreach (var api in restApis.All)
        {
            var routes = api.Resources.SelectMany(r => (r.ResourceMethods ?? []).Select(m =>
                ($"{m.Key} {r.Path}", m.Value.MethodIntegration?.Uri is { } uri ? FunctionOf(uri) : null)));
            WriteApi(json, "REST", api.Api.Id, api.Api.Name, declared: false, api.Stages.Select(s => s.StageName), routes, edge, port);
        }

        json.WriteEndArray();
        json.WriteStartArray("functionUrls");
        foreach (var url in urls.All)
        {
            json.WriteStartObject();
            json.WriteString("function", url.FunctionName);
            WriteOptional(json, "qualifier", url.Qualifier);
            json.WriteString("url", $"http://{FunctionUrlAddress.DomainName(url.UrlId, options.Region)}:{port}/");
            json.WriteString("pathUrl", $"{edge}{FunctionUrlAddress.PathPrefix}{url.UrlId}/");
            json.WriteString("authType", url.AuthType);
            json.WriteBoolean("declared", url.Declared);
            WriteRequests(json, url.UrlId);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    private void WriteApi(Utf8JsonWriter json, string kind, string id, string name, bool declared, IEnumerable<string> stages,
        IEnumerable<(string Route, string? Function)> routes, string edge, int port)
    {
        json.WriteStartObject();
        json.WriteString("kind", kind);
        json.WriteString("id", id);
        json.WriteString("name", name);
        json.WriteBoolean("declared", declared);
        json.WriteString("url", $"http://{ExecuteApiAddress.DomainName(id)}:{port}/");
        json.WriteString("pathUrl", $"{edge}{ExecuteApiAddress.PathPrefix}{id}/");
        json.WriteStartArray("stages");
        foreach (var stage in stages)
            json.WriteStringValue(stage);
        json.WriteEndArray();
        json.WriteStartArray("routes");
        foreach (var (route, function) in routes.OrderBy(r => r.Route, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("route", route);
            WriteOptional(json, "function", function);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteRequests(json, id);
        json.WriteEndObject();
    }

    private void WriteRequests(Utf8JsonWriter json, string endpointId)
    {
        json.WriteStartArray("lastRequests");
        foreach (var request in requests.Last(endpointId))
        {
            json.WriteStartObject();
            json.WriteString("at", request.At);
            json.WriteString("method", request.Method);
            json.WriteString("path", request.Path);
            json.WriteNumber("status", request.Status);
            json.WriteNumber("durationMs", Math.Round(request.DurationMs, 2));
            WriteOptional(json, "requestId", request.RequestId);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The function behind an HTTP API route's target (<c>integrations/{id}</c>), if it is a Lambda proxy.</summary>
    private static string? Function(HttpApiDocument api, string? target) =>
        target is { } t && t.StartsWith("integrations/", StringComparison.Ordinal)
        && api.Integrations.FirstOrDefault(i => i.IntegrationId == t["integrations/".Length..]) is { IntegrationUri: { } uri }
            ? FunctionOf(uri)
            : null;

    private static string? FunctionOf(string integrationUri)
    {
        try
        {
            return HttpApiValidation.IntegrationUri(integrationUri).Function;
        }
        catch (ApiGatewayException)
        {
            return null; // Not a Lambda integration: the route has no function to show.
        }
    }
}
