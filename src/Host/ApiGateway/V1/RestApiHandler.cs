using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Host.ApiGateway.V2;
using Platform.Host.Lambda;

namespace Platform.Host.ApiGateway.V1;

/// <summary>
/// Serves one request to a REST API: the stage is the first path segment (in both address forms),
/// the resource and method come from the stage's deployment, and the Lambda proxy integration gets
/// the payload 1.0 event. A response the proxy cannot map is REST APIs' 502
/// <c>{"message": "Internal server error"}</c>.
/// </summary>
internal sealed partial class RestApiHandler(LambdaProxy proxy, ILogger<RestApiHandler> logger)
{
    public async Task HandleAsync(HttpContext context, RestApiDocument document, ExecuteApiAddress.Target target)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        context.Response.Headers["x-amz-apigw-id"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray())[..16];
        var (stageName, path) = Split(target);
        var stage = document.Stages.FirstOrDefault(s => s.StageName == stageName);
        if (stage?.DeploymentId is not { } deploymentId || !document.Snapshots.TryGetValue(deploymentId, out var resources))
        {
            // What API Gateway answers for a stage that does not exist.
            context.Response.Headers["x-amzn-ErrorType"] = "ForbiddenException";
            await LambdaProxy.MessageAsync(context, 403, "Forbidden").ConfigureAwait(false);
            return;
        }
        var segments = path == "/" ? [] : path[1..].Split('/').Select(Uri.UnescapeDataString).ToArray();
        var match = RouteMatcher.Find(resources.Where(r => r.ResourceMethods is { Count: > 0 }), r => RouteKey.Parse("ANY " + r.Path), "GET", segments);
        var method = match is null ? null
            : match.Route.ResourceMethods!.GetValueOrDefault(context.Request.Method) ?? match.Route.ResourceMethods!.GetValueOrDefault("ANY");
        if (match is null || method is null)
        {
            context.Response.Headers["x-amzn-ErrorType"] = "MissingAuthenticationTokenException";
            await LambdaProxy.MessageAsync(context, 403, "Missing Authentication Token").ConfigureAwait(false);
            return;
        }
        if (method.MethodIntegration is not { Uri: { } uri } integration)
        {
            await LambdaProxy.MessageAsync(context, 500, "Internal server error").ConfigureAwait(false);
            return;
        }
        try
        {
            var body = await LambdaProxy.ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                await LambdaProxy.MessageAsync(context, 413, "Request Too Long").ConfigureAwait(false);
                return;
            }
            var source = proxy.Source(context, document.Api.Id, requestId, body.Value) with
            {
                RawPath = path,
                Path = path,
                RouteKey = $"{context.Request.Method} {match.Route.Path}",
                Resource = match.Route.Path,
                ResourceId = match.Route.Id,
                Stage = stage.StageName,
                PathParameters = match.PathParameters,
                StageVariables = stage.Variables,
            };
            var payload = PayloadV1Event.Build(source, httpApi: false, base64: IsBinary(document.Api, context.Request.ContentType));
            var result = await proxy.InvokeAsync(uri, requestId, payload, TimeSpan.FromMilliseconds(integration.TimeoutInMillis), context.RequestAborted)
                .ConfigureAwait(false);
            var response = result.Outcome == LambdaProxy.Outcome.Answered ? PayloadV1Response.Map(result.Payload) : null;
            if (response is null)
            {
                var (status, message) = result.Outcome switch
                {
                    LambdaProxy.Outcome.TimedOut => (504, "Endpoint request timed out"),
                    LambdaProxy.Outcome.Throttled => (429, "Too Many Requests"),
                    _ => (502, "Internal server error"),
                };
                await LambdaProxy.MessageAsync(context, status, message).ConfigureAwait(false);
                return;
            }
            await response.WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
        }
        catch (LambdaException error) when (!context.Response.HasStarted)
        {
            LogIntegrationFailed(logger, document.Api.Id, match.Route.Path, error.Message);
            await LambdaProxy.MessageAsync(context, 500, "Internal server error").ConfigureAwait(false);
        }
    }

    /// <summary>The stage (the first segment: REST APIs have no <c>$default</c> stage) and the rest of the path.</summary>
    private static (string Stage, string Path) Split(ExecuteApiAddress.Target target)
    {
        if (target.Stage is { } stage)
            return (stage, target.RawPath);
        var rest = target.RawPath.TrimStart('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (Uri.UnescapeDataString(rest), "/") : (Uri.UnescapeDataString(rest[..slash]), rest[slash..]);
    }

    /// <summary>A REST API passes a body base64-encoded only when its content type is one of the API's binary media types.</summary>
    private static bool IsBinary(RestApi api, string? contentType)
    {
        if (api.BinaryMediaTypes is not { Count: > 0 } types || string.IsNullOrEmpty(contentType))
            return false;
        var media = contentType.Split(';')[0].Trim();
        return types.Any(t => t == "*/*" || t.Equals(media, StringComparison.OrdinalIgnoreCase)
            || (t.EndsWith("/*", StringComparison.Ordinal) && media.StartsWith(t[..^1], StringComparison.OrdinalIgnoreCase)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "REST API {ApiId} resource {Resource}: the integration failed: {Reason}")]
    private static partial void LogIntegrationFailed(ILogger logger, string apiId, string resource, string reason);
}
