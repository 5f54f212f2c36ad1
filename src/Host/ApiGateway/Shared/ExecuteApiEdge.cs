using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Edge;
using Platform.Host.ApiGateway.V1;
using Platform.Host.ApiGateway.V2;

namespace Platform.Host.ApiGateway;

/// <summary>
/// The data plane of both kinds of API on the edge port (<see cref="ExecuteApiAddress"/>): the API id
/// says whether an HTTP API or a REST API answers. Like function URLs it is called by browsers and
/// plain HTTP clients, so it neither needs a signature nor refuses web origins — each API's CORS
/// configuration decides. Registered before the other services, whose paths an API may also serve.
/// </summary>
internal sealed partial class ExecuteApiEdge(
    HttpApiDocuments httpApis,
    ApiDocumentStore<RestApiDocument> restApis,
    HttpApiHandler httpHandler,
    RestApiHandler restHandler,
    HttpRequestLog requests,
    TimeProvider time,
    ILogger<ExecuteApiEdge> logger) : IEdgeService
{
    public string Name => "execute-api";

    public bool CanHandle(HttpRequest request) => ExecuteApiAddress.Match(request) is not null;

    public async Task HandleAsync(HttpContext context)
    {
        var target = ExecuteApiAddress.Match(context.Request)!;
        var started = time.GetTimestamp();
        var known = false;
        try
        {
            if (httpApis.Get(target.ApiId) is { } httpApi && !httpApi.Api.DisableExecuteApiEndpoint)
            {
                known = true;
                await httpHandler.HandleAsync(context, httpApi, target).ConfigureAwait(false);
            }
            else if (restApis.Get(target.ApiId) is { } restApi && !restApi.Api.DisableExecuteApiEndpoint)
            {
                known = true;
                await restHandler.HandleAsync(context, restApi, target).ConfigureAwait(false);
            }
            else
            {
                await LambdaProxy.MessageAsync(context, StatusCodes.Status404NotFound, "Not Found").ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception error) when (!context.Response.HasStarted)
        {
            LogUnexpected(logger, error, target.ApiId);
            await LambdaProxy.MessageAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error").ConfigureAwait(false);
        }
        finally
        {
            // Only APIs that exist: a scan of random ids must not grow the log.
            if (known)
                requests.Record(target.ApiId, context, started, RequestId(context.Response));
        }
    }

    private static string? RequestId(HttpResponse response) =>
        response.Headers["apigw-requestid"].FirstOrDefault() ?? response.Headers["x-amzn-RequestId"].FirstOrDefault();

    [LoggerMessage(Level = LogLevel.Error, Message = "API {ApiId} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception error, string apiId);
}
