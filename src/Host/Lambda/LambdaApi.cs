using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Edge;

namespace Platform.Host.Lambda;

/// <summary>
/// Lambda's REST-JSON API on the edge port, for what the platform runs: event source mappings,
/// the functions of the catalog, Invoke, and the async invoke config. Paths start with the API's
/// version dates; requests signed for S3 stay S3's (a bucket may be named 2015-03-31).
/// </summary>
internal sealed class LambdaApi(
    EventSourceMappingOperations mappings,
    FunctionOperations functionOperations,
    InvokeOperation invoke,
    EventInvokeConfigOperations invokeConfigs,
    ILogger<LambdaApi> logger) : IEdgeService
{
    private const int MaxRequestBytes = InvokeOperation.MaxSyncPayloadBytes + 1024;

    public string Name => "lambda";

    public bool CanHandle(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (!path.StartsWith("/2015-03-31/", StringComparison.Ordinal) && !path.StartsWith("/2019-09-25/", StringComparison.Ordinal)
            && !path.StartsWith("/2017-10-31/", StringComparison.Ordinal))
        {
            return false;
        }
        var authorization = request.Headers.Authorization.ToString();
        return !authorization.Contains("/s3/aws4_request", StringComparison.Ordinal);
    }

    private readonly EdgeEnvelope _envelope = new(LambdaErrorShape.Instance, logger);

    public Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        return _envelope.RunAsync(context, RespondAsync);
    }

    private async Task RespondAsync(HttpContext context)
    {
        var requestId = context.Response.Headers["x-amzn-RequestId"].ToString();
        var segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsDelete(context.Request.Method))
            EdgeCheck.RequireSpace(context);
        byte[] body;
        using (var read = await EdgeBody.ReadAsync(context.Request, MaxRequestBytes, TooLarge, context.RequestAborted).ConfigureAwait(false))
        {
            // Lambda reads every body, an Invoke payload included, as UTF-8 JSON.
            if (!read.IsValidUtf8)
                throw LambdaException.BadContent("Could not parse request body into json: the body is not valid UTF-8.");
            body = read.Span.ToArray();
        }

        await RouteAsync(new LambdaRequest(context, segments, body, requestId)).ConfigureAwait(false);
    }

    private Task RouteAsync(LambdaRequest request)
    {
        var method = request.Context.Request.Method;
        var s = request.Segments;
        return (s, method) switch
        {
            (["2015-03-31", "event-source-mappings"], "POST") => mappings.CreateAsync(request),
            (["2015-03-31", "event-source-mappings"], "GET") => mappings.ListAsync(request),
            (["2015-03-31", "event-source-mappings", var uuid], "GET") => mappings.GetAsync(request, uuid),
            (["2015-03-31", "event-source-mappings", var uuid], "PUT") => mappings.UpdateAsync(request, uuid),
            (["2015-03-31", "event-source-mappings", var uuid], "DELETE") => mappings.DeleteAsync(request, uuid),
            (["2015-03-31", "functions"], "GET") => functionOperations.ListAsync(request),
            (["2015-03-31", "functions", var name], "GET") => functionOperations.GetAsync(request, name),
            (["2015-03-31", "functions", var name, "configuration"], "GET") => functionOperations.GetConfigurationAsync(request, name),
            (["2015-03-31", "functions", var name, "invocations"], "POST") => invoke.InvokeAsync(request, name),
            (["2019-09-25", "functions", var name, "event-invoke-config"], "PUT") => invokeConfigs.PutAsync(request, name, replace: true),
            (["2019-09-25", "functions", var name, "event-invoke-config"], "POST") => invokeConfigs.PutAsync(request, name, replace: false),
            (["2019-09-25", "functions", var name, "event-invoke-config"], "GET") => invokeConfigs.GetAsync(request, name),
            (["2019-09-25", "functions", var name, "event-invoke-config"], "DELETE") => invokeConfigs.DeleteAsync(request, name),
            _ => throw new LambdaException(404, "UnknownOperationException",
                $"The platform's Lambda API has no operation at {method} {request.Context.Request.Path.Value}; see docs/lambda-api.md."),
        };
    }

    private static LambdaException TooLarge() =>
        new(413, "RequestTooLargeException", $"Request must be smaller than {InvokeOperation.MaxSyncPayloadBytes} bytes for the operation.");
}
