using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Edge;
using Platform.Host.ApiGateway.V1;
using Platform.Host.ApiGateway.V2;

namespace Platform.Host.ApiGateway;

/// <summary>
/// The control planes of API Gateway on the edge port, both REST-JSON: apigatewayv2 (HTTP APIs,
/// paths under /v2/apis) and apigateway (REST APIs, under /restapis). Requests signed for S3 stay
/// S3's (a bucket may be named restapis).
/// </summary>
internal sealed class ApiGatewayControlApi(HttpApiOperations httpApis, RestApiOperations restApis, ILogger<ApiGatewayControlApi> logger) : IEdgeService
{
    // Route keys, templates and stage variables are small; 10 MB is API Gateway's import limit.
    private const int MaxRequestBytes = 10 * 1024 * 1024;

    private readonly EdgeEnvelope _envelope = new(ApiGatewayErrorShape.Instance, logger);

    public string Name => "apigateway";

    public bool CanHandle(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (!(path == "/v2/apis" || path.StartsWith("/v2/apis/", StringComparison.Ordinal)
            || path == "/restapis" || path.StartsWith("/restapis/", StringComparison.Ordinal)))
        {
            return false;
        }
        // A function URL's own paths are its function's, whatever they look like.
        return !request.Headers.Authorization.ToString().Contains("/s3/aws4_request", StringComparison.Ordinal)
            && Lambda.FunctionUrlAddress.Match(request) is null;
    }

    public Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        return _envelope.RunAsync(context, RespondAsync);
    }

    private async Task RespondAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsDelete(context.Request.Method))
            EdgeCheck.RequireSpace(context);
        JsonElement body;
        using (var read = await EdgeBody.ReadAsync(context.Request, MaxRequestBytes,
            () => new ApiGatewayException(413, "RequestEntityTooLargeException", "Request Entity Too Large"), context.RequestAborted).ConfigureAwait(false))
        {
            using var document = read.Length == 0 ? JsonDocument.Parse("{}") : JsonDocument.Parse(read.Memory);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw ApiGatewayException.BadRequest("Could not parse request body into json: the body is not a JSON object.");
            body = document.RootElement.Clone();
        }
        var request = new ApiGatewayRequest(context, segments, body);
        await (segments[0] == "v2" ? httpApis.RouteAsync(request) : restApis.RouteAsync(request)).ConfigureAwait(false);
    }
}
