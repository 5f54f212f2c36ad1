using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Edge;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>S3's REST API on the edge port. It is the fallback service: every request the other
/// protocols do not claim is an S3 request.</summary>
public sealed partial class S3Api(StorageEngine engine, TimeProvider time, ILogger<S3Api> logger) : IEdgeService
{
    private readonly S3Router _router = new(engine, engine.Options);

    public string Name => "s3";

    public bool CanHandle(HttpRequest request) => true;

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var hostId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var response = context.Response;
        response.Headers["x-amz-request-id"] = requestId;
        response.Headers["x-amz-id-2"] = hostId;
        response.Headers.Server = "AmazonS3";

        try
        {
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
            if (string.IsNullOrEmpty(raw))
                raw = context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
            var target = S3Target.Parse(raw, context.Request.Host.Value);
            PresignedUrl.Check(target.Query, time.GetUtcNow());
            var call = new S3Call(context, target, new RequestOrigin(requestId, SourceIp(context)));
            await _router.RouteAsync(call).ConfigureAwait(false);
        }
        catch (StorageException error)
        {
            await S3ErrorWriter.WriteAsync(context, error, requestId, hostId).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (BadHttpRequestException error)
        {
            // Kestrel: the body ended before Content-Length, or was malformed.
            LogBadRequest(logger, requestId, error.Message);
            await S3ErrorWriter.WriteAsync(context, StorageErrors.IncompleteBody(), requestId, hostId).ConfigureAwait(false);
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            LogInternalError(logger, error, context.Request.Method, requestId);
            await S3ErrorWriter.WriteAsync(context,
                new StorageException("InternalError", "We encountered an internal error. Please try again.", 500), requestId, hostId)
                .ConfigureAwait(false);
        }
    }

    private static string SourceIp(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
            return "127.0.0.1";
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "S3 {Method} request {RequestId} failed")]
    private static partial void LogInternalError(ILogger logger, Exception exception, string method, string requestId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "S3 request {RequestId} had a malformed body: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string requestId, string reason);
}
