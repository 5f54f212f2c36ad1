using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Host.Lambda;

namespace Platform.Host.ApiGateway.V2;

/// <summary>
/// Serves one request to an HTTP API: the stage (named in the path form; in the Host form a first
/// segment naming a stage, else <c>$default</c>), CORS preflight, the route, its authorizer, then the
/// Lambda proxy integration in payload 1.0 or 2.0 — with API Gateway's own answers when one fails.
/// </summary>
internal sealed partial class HttpApiHandler(LambdaProxy proxy, HttpApiAuthorizers authorizers, ILogger<HttpApiHandler> logger)
{
    public async Task HandleAsync(HttpContext context, HttpApiDocument document, ExecuteApiAddress.Target target)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["Apigw-Requestid"] = requestId;
        var (stage, rawPath, path) = SelectStage(document, target);
        if (stage?.DeploymentId is not { } deploymentId || !document.Snapshots.TryGetValue(deploymentId, out var snapshot))
        {
            await LambdaProxy.MessageAsync(context, 404, "Not Found").ConfigureAwait(false);
            return;
        }
        var cors = Cors(document.Api.CorsConfiguration);
        if (cors is not null && FunctionUrlCorsPolicy.IsPreflight(context.Request))
        {
            FunctionUrlCorsPolicy.AnswerPreflight(context, cors);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        var segments = path == "/" ? [] : path[1..].Split('/').Select(Uri.UnescapeDataString).ToArray();
        var match = RouteMatcher.Find(snapshot.Routes, r => RouteKey.Parse(r.RouteKey), context.Request.Method, segments);
        var integration = match?.Route.Target is { } t ? snapshot.Integrations.FirstOrDefault(i => "integrations/" + i.IntegrationId == t) : null;
        if (match is null || integration is null)
        {
            await LambdaProxy.MessageAsync(context, 404, "Not Found").ConfigureAwait(false);
            return;
        }
        try
        {
            var body = await LambdaProxy.ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                await LambdaProxy.MessageAsync(context, 413, "Request Entity Too Large").ConfigureAwait(false);
                return;
            }
            var source = proxy.Source(context, document.Api.ApiId, requestId, body.Value) with
            {
                RawPath = rawPath,
                Path = path,
                RouteKey = match.Route.RouteKey,
                Resource = match.Route.RouteKey == RouteKey.Default ? "$default" : match.Route.RouteKey[(match.Route.RouteKey.IndexOf(' ') + 1)..],
                Stage = stage.StageName,
                PathParameters = match.PathParameters,
                StageVariables = stage.StageVariables,
            };
            var verdict = await authorizers.AuthorizeAsync(context, snapshot, match.Route, source, integration.PayloadFormatVersion == "1.0").ConfigureAwait(false);
            if (verdict.Refusal is { } refusal)
            {
                foreach (var (name, value) in refusal.Headers)
                    context.Response.Headers[name] = value;
                await LambdaProxy.MessageAsync(context, refusal.Status, refusal.Message).ConfigureAwait(false);
                return;
            }
            source = source with { WriteAuthorizer = verdict.WriteAuthorizer };
            var v1 = integration.PayloadFormatVersion == "1.0";
            var payload = v1 ? PayloadV1Event.Build(source, httpApi: true, base64: !PayloadV2Event.IsText(context.Request.ContentType)) : PayloadV2Event.Build(source);
            var result = await proxy.InvokeAsync(integration.IntegrationUri!, requestId, payload, TimeSpan.FromMilliseconds(integration.TimeoutInMillis),
                context.RequestAborted).ConfigureAwait(false);
            var response = result.Outcome == LambdaProxy.Outcome.Answered ? (v1 ? PayloadV1Response.Map(result.Payload) : PayloadV2Response.Map(result.Payload)) : null;
            if (response is null)
            {
                var (status, message) = result.Outcome switch
                {
                    LambdaProxy.Outcome.TimedOut => (503, "Service Unavailable"),
                    LambdaProxy.Outcome.Throttled => (429, "Too Many Requests"),
                    _ => (500, "Internal Server Error"),
                };
                if (cors is not null)
                    FunctionUrlCorsPolicy.Apply(context.Request, context.Response, cors);
                await LambdaProxy.MessageAsync(context, status, message).ConfigureAwait(false);
                return;
            }
            foreach (var header in response.Headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
                context.Response.Headers[header.Key] = header.Select(h => h.Value).ToArray();
            if (cors is not null)
                FunctionUrlCorsPolicy.Apply(context.Request, context.Response, cors);
            await (response with { Headers = [] }).WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
        }
        catch (LambdaException error) when (!context.Response.HasStarted)
        {
            // The integration names a function that does not exist (or is not Active): API Gateway's 500.
            LogIntegrationFailed(logger, document.Api.ApiId, match.Route.RouteKey, error.Message);
            await LambdaProxy.MessageAsync(context, 500, "Internal Server Error").ConfigureAwait(false);
        }
    }

    /// <summary>The stage, the raw path as the function sees it (a named stage's prefix kept, as AWS's
    /// rawPath), and the path routes are matched against.</summary>
    private static (HttpStage? Stage, string RawPath, string Path) SelectStage(HttpApiDocument document, ExecuteApiAddress.Target target)
    {
        var raw = target.RawPath;
        if (target.Stage is { } named)
        {
            var stage = document.Stages.FirstOrDefault(s => s.StageName == named);
            return (stage, named == "$default" ? raw : $"/{Uri.EscapeDataString(named)}{(raw == "/" ? "" : raw)}", raw);
        }
        var rest = raw.Length > 1 ? raw[1..] : "";
        var first = rest.Split('/')[0];
        var byName = first.Length > 0 ? document.Stages.FirstOrDefault(s => s.StageName != "$default" && s.StageName == Uri.UnescapeDataString(first)) : null;
        if (byName is not null)
        {
            var remainder = rest.Length > first.Length ? rest[first.Length..] : "/";
            return (byName, raw, remainder);
        }
        return (document.Stages.FirstOrDefault(s => s.StageName == "$default"), raw, raw);
    }

    /// <summary>An HTTP API's CORS as the policy function URLs apply (the same members and rules).</summary>
    private static FunctionUrlCors? Cors(HttpApiCors? cors) => cors is null ? null : new FunctionUrlCors
    {
        AllowCredentials = cors.AllowCredentials,
        AllowHeaders = cors.AllowHeaders,
        AllowMethods = cors.AllowMethods,
        AllowOrigins = cors.AllowOrigins,
        ExposeHeaders = cors.ExposeHeaders,
        MaxAge = cors.MaxAge,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP API {ApiId} route {RouteKey}: the integration failed: {Reason}")]
    private static partial void LogIntegrationFailed(ILogger logger, string apiId, string routeKey, string reason);
}
