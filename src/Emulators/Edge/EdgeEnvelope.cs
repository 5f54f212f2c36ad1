using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Emulators.State;

namespace Platform.Emulators.Edge;

/// <summary>
/// The one error path of every edge API. It runs the protocol's handler and turns whatever escapes
/// it into that protocol's own error: the API's <see cref="EdgeException"/>s as they are, broken body
/// framing, a stalled body, a full disk, and (logged) anything unexpected — never an exception text,
/// never a 500 for the client's input. A client that went away gets no answer.
/// </summary>
public sealed partial class EdgeEnvelope(IEdgeErrorShape shape, ILogger logger)
{
    public async Task RunAsync(HttpContext context, Func<HttpContext, Task> handle)
    {
        ContinueGuard.Apply(context);
        try
        {
            if (context.Features.Get<EdgeCheck>() is { } check)
            {
                if (check.Refusal is { } refusal)
                    throw shape.Failures.Refused(refusal, check.RefusalMessage);
                if (check.ForeignOrigin is { } origin && !shape.DecidesForeignOrigins)
                    throw shape.Failures.Refused(EdgeRefusal.ForeignOrigin, $"Requests from the web origin {origin} are not allowed.");
            }

            await handle(context).ConfigureAwait(false);
        }
        catch (Exception error) when (IsClientGone(context, error))
        {
            // Nobody is left to answer.
        }
        catch (Exception error)
        {
            var answer = Classify(context, error);
            if (context.Response.HasStarted)
            {
                // Half a reply cannot be turned into an error: the client sees a cut connection, as from S3.
                context.Abort();
                return;
            }

            await shape.WriteAsync(context, answer).ConfigureAwait(false);
        }
    }

    private EdgeException Classify(HttpContext context, Exception error)
    {
        switch (error)
        {
            case EdgeException known:
                return known;
            case BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout }:
                return shape.Failures.BodyTimeout();
            case BadHttpRequestException bad:
                LogMalformedBody(logger, context.Request.Method, bad.Message);
                return shape.Failures.MalformedBody(bad.Message);
        }

        if (DiskFull.Is(error) || (error is IOException && context.Features.Get<EdgeCheck>()?.Disk is { HasLittleRoom: true }))
        {
            LogDiskFull(logger, context.Request.Method, context.Request.Path.Value);
            if (error is not DiskFullException)
                context.Features.Get<EdgeCheck>()?.Disk?.ReportFull();
            return shape.Failures.Unavailable();
        }

        if (shape.Translate(error) is { } translated)
            return translated;

        // Kestrel reports some framing errors (a chunk size past 2^31) as a bare IOException.
        if (error is IOException && error.Source?.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) == true)
        {
            LogMalformedBody(logger, context.Request.Method, error.Message);
            return shape.Failures.MalformedBody(error.Message);
        }

        LogInternalError(logger, error, context.Request.Method, context.Request.Path.Value);
        return shape.Failures.Internal();
    }

    private static bool IsClientGone(HttpContext context, Exception error) =>
        error is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested;

    [LoggerMessage(EventId = 2900, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogInternalError(ILogger logger, Exception exception, string method, string? path);

    [LoggerMessage(EventId = 2901, Level = LogLevel.Debug, Message = "{Method} request had a malformed body: {Reason}")]
    private static partial void LogMalformedBody(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 2902, Level = LogLevel.Warning, Message = "{Method} {Path} refused: the disk is full")]
    private static partial void LogDiskFull(ILogger logger, string method, string? path);
}
