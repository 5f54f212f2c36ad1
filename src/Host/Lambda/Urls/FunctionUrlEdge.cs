using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Dispatch;
using Platform.Emulators.Edge;
using Platform.Host.ApiGateway;

namespace Platform.Host.Lambda;

/// <summary>
/// Serves function URLs on the edge port: a request whose Host is <c>&lt;url-id&gt;.lambda-url.&lt;region&gt;.…</c>
/// or whose path starts with <c>/_aws/lambda-url/&lt;url-id&gt;/</c> becomes a payload 2.0 event, runs
/// through the same dispatch as Invoke (reserved concurrency, logs, /_platform/invocations) and its
/// result becomes the HTTP response. Registered before the Lambda API, so a URL's own paths
/// (/2015-03-31/…) reach the function.
/// </summary>
internal sealed partial class FunctionUrlEdge(
    FunctionUrlDirectory directory,
    HttpFunctionInvoker invoker,
    HttpRequestLog requests,
    TimeProvider time,
    ILogger<FunctionUrlEdge> logger) : IEdgeService
{
    public const string Trigger = "lambda:url";

    public string Name => "lambda-url";

    public bool CanHandle(HttpRequest request) => FunctionUrlAddress.Match(request) is not null;

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var (urlId, rawPath) = FunctionUrlAddress.Match(context.Request)!.Value;
        var config = directory.ById(urlId);
        if (config is null)
        {
            await MessageAsync(context, StatusCodes.Status404NotFound, "Not Found", "ResourceNotFoundException").ConfigureAwait(false);
            return;
        }
        var started = time.GetTimestamp();
        try
        {
            if (FunctionUrlCorsPolicy.IsPreflight(context.Request, config))
            {
                FunctionUrlCorsPolicy.AnswerPreflight(context, config.Cors!);
                return;
            }
            // Signatures are not verified here (the platform has no IAM): AWS_IAM only refuses unsigned requests.
            if (config.AuthType == "AWS_IAM" && !Signed(context.Request))
            {
                await MessageAsync(context, StatusCodes.Status403Forbidden, "Forbidden", "AccessDeniedException").ConfigureAwait(false);
                return;
            }
            var body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                await MessageAsync(context, StatusCodes.Status413PayloadTooLarge, "Request must be smaller than 6291456 bytes for the InvokeFunction operation",
                    "RequestTooLargeException").ConfigureAwait(false);
                return;
            }
            var received = time.GetUtcNow();
            var source = FunctionUrlEvent.Source(context.Request, config, rawPath, invoker.Region, invoker.AccountId, requestId,
                received, body.Value);
            await InvokeAsync(context, config, requestId, PayloadV2Event.Build(source), source.TraceId).ConfigureAwait(false);
        }
        catch (LambdaException error) when (!context.Response.HasStarted)
        {
            await MessageAsync(context, error.Status, error.Message, error.Type).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception error) when (!context.Response.HasStarted)
        {
            LogUnexpected(logger, error, urlId);
            await MessageAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error", "ServiceException").ConfigureAwait(false);
        }
        finally
        {
            requests.Record(urlId, context, started, requestId);
        }
    }

    private async Task InvokeAsync(HttpContext context, FunctionUrlConfig config, string requestId, string payload, string trace)
    {
        var result = await invoker.InvokeAsync(config.FunctionName, config.Qualifier, requestId, payload, Trigger, context.RequestAborted)
            .ConfigureAwait(false);
        if (result is null)
        {
            await MessageAsync(context, StatusCodes.Status429TooManyRequests, "Rate Exceeded.", "TooManyRequestsException").ConfigureAwait(false);
            return;
        }

        // A failed or timed-out function, or a result Lambda cannot map, is AWS's 502.
        var response = result.Outcome == InvocationOutcome.Succeeded ? PayloadV2Response.Map(result.ResponsePayload) : null;
        if (response is null)
        {
            if (result.Outcome != InvocationOutcome.Succeeded)
                context.Response.Headers["X-Amz-Function-Error"] = "Unhandled";
            FunctionUrlCorsPolicy.Apply(context.Request, context.Response, config.Cors);
            await MessageAsync(context, StatusCodes.Status502BadGateway, "Internal Server Error", null).ConfigureAwait(false);
            return;
        }
        context.Response.Headers["X-Amzn-Trace-Id"] = trace;
        foreach (var (name, value) in response.Headers)
            context.Response.Headers[name] = value;
        FunctionUrlCorsPolicy.Apply(context.Request, context.Response, config.Cors);
        await new PayloadV2Response(response.StatusCode, [], response.Cookies, response.Body)
            .WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
    }

    private static bool Signed(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal)
        || request.Query.ContainsKey("X-Amz-Signature");

    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        const int limit = InvokeOperation.MaxSyncPayloadBytes;
        if (request.ContentLength > limit)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The URL endpoint's own answers: <c>{"Message":…}</c>, as Lambda's front end writes them.</summary>
    private static async Task MessageAsync(HttpContext context, int status, string message, string? errorType)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = null;
        if (errorType is not null)
            context.Response.Headers["x-amzn-ErrorType"] = errorType;
        var json = "{\"Message\":" + System.Text.Json.JsonSerializer.Serialize(message, UrlJsonContext.Default.String) + "}";
        await context.Response.WriteAsync(json, Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Function URL {UrlId} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception error, string urlId);
}
