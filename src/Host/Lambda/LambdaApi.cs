using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Edge;

namespace Platform.Host.Lambda;

/// <summary>
/// Lambda's REST-JSON API on the edge port, for what the platform runs: event source mappings,
/// the functions of the catalog, Invoke, and the async invoke config. Paths start with the API's
/// version dates; requests signed for S3 stay S3's (a bucket may be named 2015-03-31).
/// </summary>
internal sealed partial class LambdaApi(
    EventSourceMappingOperations mappings,
    FunctionOperations functionOperations,
    InvokeOperation invoke,
    EventInvokeConfigOperations invokeConfigs,
    ILogger<LambdaApi> logger) : IEdgeService
{
    private const long MaxRequestBytes = InvokeOperation.MaxSyncPayloadBytes + 1024;

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

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        try
        {
            var segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
            var body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            var request = new LambdaRequest(context, segments, body, requestId);
            await RouteAsync(request).ConfigureAwait(false);
        }
        catch (LambdaException error)
        {
            await LambdaResponses.WriteErrorAsync(context, error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception error) when (!context.Response.HasStarted)
        {
            LogUnexpected(logger, error, context.Request.Method, context.Request.Path.Value);
            await LambdaResponses.WriteErrorAsync(context, new LambdaException(500, "ServiceException", error.Message)).ConfigureAwait(false);
        }
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

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxRequestBytes)
            throw TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
                throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static LambdaException TooLarge() =>
        new(413, "RequestTooLargeException", $"Request must be smaller than {InvokeOperation.MaxSyncPayloadBytes} bytes for the operation.");

    [LoggerMessage(Level = LogLevel.Error, Message = "Lambda API request {Method} {Path} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception error, string method, string? path);
}
