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
    FunctionControlOperations control,
    VersionOperations versions,
    FunctionSettingsOperations settings,
    LayerOperations layers,
    FunctionUrlOperations urls,
    ILogger<LambdaApi> logger) : IEdgeService
{
    private const long MaxRequestBytes = InvokeOperation.MaxSyncPayloadBytes + 1024;

    /// <summary>Operations that carry a zip: 50 MB base64-encoded, and the JSON around it.</summary>
    public const long MaxCodeRequestBytes = 69905067 + 64 * 1024;

    private static readonly string[] Prefixes =
        ["/2015-03-31/", "/2019-09-25/", "/2017-10-31/", "/2016-08-19/", "/2017-03-31/", "/2018-10-31/", "/2019-09-30/", "/2020-06-30/", "/2021-10-31/"];

    public string Name => "lambda";

    public bool CanHandle(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (!Prefixes.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal)))
            return false;
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
            var body = await ReadBodyAsync(context.Request, CarriesCode(context.Request) ? MaxCodeRequestBytes : MaxRequestBytes,
                context.RequestAborted).ConfigureAwait(false);
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
            (["2015-03-31", "functions"], "POST") => control.CreateAsync(request),
            (["2015-03-31", "functions", var name], "DELETE") => control.DeleteAsync(request, name),
            (["2015-03-31", "functions", var name, "code"], "PUT") => control.UpdateCodeAsync(request, name),
            (["2015-03-31", "functions", var name, "configuration"], "PUT") => control.UpdateConfigurationAsync(request, name),
            (["2015-03-31", "functions", var name, "versions"], "POST") => versions.PublishAsync(request, name),
            (["2015-03-31", "functions", var name, "versions"], "GET") => versions.ListVersionsAsync(request, name),
            (["2015-03-31", "functions", var name, "aliases"], "POST") => versions.CreateAliasAsync(request, name),
            (["2015-03-31", "functions", var name, "aliases"], "GET") => versions.ListAliasesAsync(request, name),
            (["2015-03-31", "functions", var name, "aliases", var alias], "GET") => versions.GetAliasAsync(request, name, alias),
            (["2015-03-31", "functions", var name, "aliases", var alias], "PUT") => versions.UpdateAliasAsync(request, name, alias),
            (["2015-03-31", "functions", var name, "aliases", var alias], "DELETE") => versions.DeleteAliasAsync(request, name, alias),
            (["2015-03-31", "functions", var name, "policy"], "POST") => settings.AddPermissionAsync(request, name),
            (["2015-03-31", "functions", var name, "policy"], "GET") => settings.GetPolicyAsync(request, name),
            (["2015-03-31", "functions", var name, "policy", var sid], "DELETE") => settings.RemovePermissionAsync(request, name, sid),
            (["2015-03-31", "code", var file], "GET") => control.DownloadAsync(request, file),
            (["2017-03-31", "tags", var arn], "POST") => settings.TagAsync(request, arn),
            (["2017-03-31", "tags", var arn], "DELETE") => settings.UntagAsync(request, arn),
            (["2017-03-31", "tags", var arn], "GET") => settings.ListTagsAsync(request, arn),
            (["2017-10-31", "functions", var name, "concurrency"], "PUT") => settings.PutConcurrencyAsync(request, name),
            (["2017-10-31", "functions", var name, "concurrency"], "DELETE") => settings.DeleteConcurrencyAsync(request, name),
            (["2019-09-30", "functions", var name, "concurrency"], "GET") => settings.GetConcurrencyAsync(request, name),
            (["2020-06-30", "functions", var name, "code-signing-config"], "GET") => settings.GetCodeSigningConfigAsync(request, name),
            (["2016-08-19", "account-settings"], "GET") => settings.GetAccountSettingsAsync(request),
            (["2018-10-31", "layers"], "GET") => request.Query("find") == "LayerVersion" ? layers.GetByArnAsync(request) : layers.ListLayersAsync(request),
            (["2018-10-31", "layers", var layer, "versions"], "POST") => layers.PublishAsync(request, layer),
            (["2018-10-31", "layers", var layer, "versions"], "GET") => layers.ListVersionsAsync(request, layer),
            (["2018-10-31", "layers", var layer, "versions", var number], "GET") => layers.GetAsync(request, layer, number),
            (["2018-10-31", "layers", var layer, "versions", var number], "DELETE") => layers.DeleteAsync(request, layer, number),
            (["2015-03-31", "functions", var name], "GET") => functionOperations.GetAsync(request, name),
            (["2015-03-31", "functions", var name, "configuration"], "GET") => functionOperations.GetConfigurationAsync(request, name),
            (["2015-03-31", "functions", var name, "invocations"], "POST") => invoke.InvokeAsync(request, name),
            (["2019-09-25", "functions", var name, "event-invoke-config"], "PUT") => invokeConfigs.PutAsync(request, name, replace: true),
            (["2019-09-25", "functions", var name, "event-invoke-config"], "POST") => invokeConfigs.PutAsync(request, name, replace: false),
            (["2019-09-25", "functions", var name, "event-invoke-config"], "GET") => invokeConfigs.GetAsync(request, name),
            (["2019-09-25", "functions", var name, "event-invoke-config"], "DELETE") => invokeConfigs.DeleteAsync(request, name),
            (["2021-10-31", "functions", var name, "url"], "POST") => urls.CreateAsync(request, name),
            (["2021-10-31", "functions", var name, "url"], "GET") => urls.GetAsync(request, name),
            (["2021-10-31", "functions", var name, "url"], "PUT") => urls.UpdateAsync(request, name),
            (["2021-10-31", "functions", var name, "url"], "DELETE") => urls.DeleteAsync(request, name),
            (["2021-10-31", "functions", var name, "urls"], "GET") => urls.ListAsync(request, name),
            _ => throw new LambdaException(404, "UnknownOperationException",
                $"The platform's Lambda API has no operation at {method} {request.Context.Request.Path.Value}; see docs/lambda-api.md."),
        };
    }

    /// <summary>CreateFunction, UpdateFunctionCode and PublishLayerVersion: bodies up to Lambda's zip limit.</summary>
    private static bool CarriesCode(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        return (request.Method == "POST" && path.TrimEnd('/') == "/2015-03-31/functions")
            || (request.Method == "PUT" && path.StartsWith("/2015-03-31/functions/", StringComparison.Ordinal) && path.EndsWith("/code", StringComparison.Ordinal))
            || (request.Method == "POST" && path.StartsWith("/2018-10-31/layers/", StringComparison.Ordinal));
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var tooLarge = limit == MaxRequestBytes ? TooLarge() : ControlPlane.TooLarge(request.Method == "PUT" ? "UpdateFunctionCode" : "CreateFunction");
        if (request.ContentLength > limit)
            throw tooLarge;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
                throw tooLarge;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static LambdaException TooLarge() =>
        new(413, "RequestTooLargeException", $"Request must be smaller than {InvokeOperation.MaxSyncPayloadBytes} bytes for the operation.");

    [LoggerMessage(Level = LogLevel.Error, Message = "Lambda API request {Method} {Path} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception error, string method, string? path);
}
