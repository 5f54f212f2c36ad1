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
    FunctionControlOperations control,
    VersionOperations versions,
    FunctionSettingsOperations settings,
    LayerOperations layers,
    FunctionUrlOperations urls,
    ILogger<LambdaApi> logger) : IEdgeService
{
    private const int MaxRequestBytes = InvokeOperation.MaxSyncPayloadBytes + 1024;

    /// <summary>Operations that carry a zip: 50 MB base64-encoded, and the JSON around it.</summary>
    public const int MaxCodeRequestBytes = 69905067 + 64 * 1024;

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
        var carriesCode = CarriesCode(context.Request);
        Func<EdgeException> tooLarge = carriesCode
            ? () => ControlPlane.TooLarge(context.Request.Method == "PUT" ? "UpdateFunctionCode" : "CreateFunction")
            : TooLarge;
        using (var read = await EdgeBody.ReadAsync(context.Request, carriesCode ? MaxCodeRequestBytes : MaxRequestBytes, tooLarge,
            context.RequestAborted).ConfigureAwait(false))
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

    private static LambdaException TooLarge() =>
        new(413, "RequestTooLargeException", $"Request must be smaller than {InvokeOperation.MaxSyncPayloadBytes} bytes for the operation.");
}
