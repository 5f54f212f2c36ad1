using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.Runtime.RuntimeApi;

/// <summary>
/// The Runtime API (2018-06-01) as one execution environment sees it: <c>GET /invocation/next</c> is
/// held until an invocation is handed over; <c>/response</c>, <c>/error</c> and <c>/init/error</c>
/// settle it. One invocation at a time. Only the environment's own processes may call it
/// (<paramref name="isOwnCaller"/>): any other local process is refused before it can take or answer
/// an invocation.
/// </summary>
internal sealed partial class RuntimeApiSession(string functionName, Func<HttpContext, bool> isOwnCaller, Func<Task> drainOutput, ILogger logger)
{
    private const string Prefix = "/2018-06-01/runtime/";

    private readonly Channel<RuntimeApiInvocation> _pending = Channel.CreateBounded<RuntimeApiInvocation>(1);
    private volatile RuntimeApiInvocation? _waiting;
    private volatile RuntimeApiInvocation? _current;
    private int _initialized;
    private long _initializedAt;

    /// <summary>The runtime asked for its first invocation: its init is over.</summary>
    public bool Initialized => Volatile.Read(ref _initialized) == 1;

    /// <summary>When the first /next came (<see cref="System.Diagnostics.Stopwatch"/> ticks), 0 before.</summary>
    public long InitializedAt => Interlocked.Read(ref _initializedAt);

    /// <summary>Where the process's output belongs now: the invocation in progress, or the one waiting for init.</summary>
    public RuntimeApiInvocation? OutputOwner => _current ?? _waiting;

    /// <summary>Hands an invocation to the next (or a held) /next.</summary>
    public void Offer(RuntimeApiInvocation invocation)
    {
        _waiting = invocation;
        if (!_pending.Writer.TryWrite(invocation))
            throw new InvalidOperationException("a runtime serves one invocation at a time");
    }

    /// <summary>No more invocations: a held /next is answered and ends.</summary>
    public void Close() => _pending.Writer.TryComplete();

    public Task HandleAsync(HttpContext http)
    {
        if (!isOwnCaller(http))
        {
            LogForeignCaller(logger, functionName, http.Connection.RemotePort, http.Request.Path.Value ?? "");
            return ErrorAsync(http, StatusCodes.Status403Forbidden, "AccessDeniedException",
                "This Runtime API belongs to another execution environment; only its own processes may call it.");
        }

        var path = http.Request.Path.Value ?? "";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
            return ErrorAsync(http, StatusCodes.Status404NotFound, "InvalidRequest", "Unknown Runtime API path; the API is /2018-06-01/runtime/…");

        var rest = path.AsSpan(Prefix.Length);
        var get = HttpMethods.IsGet(http.Request.Method);
        var post = HttpMethods.IsPost(http.Request.Method);
        if (rest.SequenceEqual("invocation/next"))
            return get ? NextAsync(http) : NotAllowed(http);
        if (rest.SequenceEqual("init/error"))
            return post ? InitErrorAsync(http) : NotAllowed(http);
        if (rest.StartsWith("invocation/"))
        {
            var tail = rest["invocation/".Length..];
            var slash = tail.IndexOf('/');
            if (slash > 0)
            {
                var id = tail[..slash].ToString();
                var action = tail[(slash + 1)..];
                if (action.SequenceEqual("response"))
                    return post ? ResponseAsync(http, id) : NotAllowed(http);
                if (action.SequenceEqual("error"))
                    return post ? FunctionErrorAsync(http, id) : NotAllowed(http);
            }
        }

        return ErrorAsync(http, StatusCodes.Status404NotFound, "InvalidRequest", $"Unknown Runtime API path '{path}'.");
    }

    /// <summary>GET /next: held until an invocation is handed over, as Lambda's is. A second /next
    /// while one is in progress waits for the next invocation; it does not end the current one.</summary>
    private async Task NextAsync(HttpContext http)
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 0)
            Interlocked.Exchange(ref _initializedAt, System.Diagnostics.Stopwatch.GetTimestamp());
        RuntimeApiInvocation invocation;
        try
        {
            invocation = await _pending.Reader.ReadAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // The process went away while waiting.
        }
        catch (ChannelClosedException)
        {
            // The environment is being shut down: say so instead of leaving the request to fail.
            await ErrorAsync(http, StatusCodes.Status410Gone, "Runtime.Stopped", "This execution environment is shutting down; no more invocations.").ConfigureAwait(false);
            return;
        }

        _current = invocation;
        var headers = http.Response.Headers;
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = invocation.HandOver().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.FunctionArn;
        // The runtime interface clients set _X_AMZN_TRACE_ID from it; the platform's shims also set traceparent.
        headers["Lambda-Runtime-Trace-Id"] = invocation.Trace?.XRay ?? TraceId();
        if (invocation.Trace is { } trace)
            headers.TraceParent = trace.TraceParent;
        var body = Encoding.UTF8.GetBytes(invocation.Payload);
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }

    private async Task ResponseAsync(HttpContext http, string requestId)
    {
        if (Current(requestId) is not { } invocation)
        {
            await InvalidRequestIdAsync(http, requestId).ConfigureAwait(false);
            return;
        }

        var (body, tooLarge) = await ReadBodyAsync(http.Request, RuntimeApiLimits.MaxResponseBytes).ConfigureAwait(false);
        await drainOutput().ConfigureAwait(false);
        if (tooLarge)
        {
            invocation.TryComplete(RuntimeApiResult.Failure("Function.ResponseSizeTooLarge",
                $"Response payload size exceeded maximum allowed payload size ({RuntimeApiLimits.MaxResponseBytes} bytes).", reusable: true));
            await ErrorAsync(http, StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge",
                $"Exceeded maximum allowed payload size ({RuntimeApiLimits.MaxResponseBytes} bytes).").ConfigureAwait(false);
            return;
        }

        invocation.TryComplete(RuntimeApiResult.Success(body.Length == 0 ? null : Encoding.UTF8.GetString(body)));
        await AcceptedAsync(http).ConfigureAwait(false);
    }

    private async Task FunctionErrorAsync(HttpContext http, string requestId)
    {
        if (Current(requestId) is not { } invocation)
        {
            await InvalidRequestIdAsync(http, requestId).ConfigureAwait(false);
            return;
        }

        var (type, message, payload) = await ReadErrorAsync(http, "Unhandled").ConfigureAwait(false);
        await drainOutput().ConfigureAwait(false);
        invocation.TryComplete(RuntimeApiResult.Failure(type, message, reusable: true) with { ErrorPayload = payload });
        await AcceptedAsync(http).ConfigureAwait(false);
    }

    /// <summary>POST /init/error: the runtime could not start the function. The invocation that
    /// waits for it fails with the posted type; the process is not reused.</summary>
    private async Task InitErrorAsync(HttpContext http)
    {
        var (type, message, payload) = await ReadErrorAsync(http, "Runtime.InitError").ConfigureAwait(false);
        await drainOutput().ConfigureAwait(false);
        if (!Initialized && _waiting is { } invocation)
            invocation.TryComplete(RuntimeApiResult.Failure(type, message, reusable: false) with { ErrorPayload = payload });
        await AcceptedAsync(http).ConfigureAwait(false);
    }

    private RuntimeApiInvocation? Current(string requestId) =>
        _current is { } current && current.RequestId == requestId && !current.Completion.IsCompleted ? current : null;

    private static async Task<(string Type, string Message, string? Payload)> ReadErrorAsync(HttpContext http, string defaultType)
    {
        var (body, _) = await ReadBodyAsync(http.Request, RuntimeApiLimits.MaxErrorBytes).ConfigureAwait(false);
        string? type = http.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault();
        string? message = null;
        string? payload = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            payload = Encoding.UTF8.GetString(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (document.RootElement.TryGetProperty("errorType", out var t) && t.ValueKind == JsonValueKind.String)
                    type ??= t.GetString();
                if (document.RootElement.TryGetProperty("errorMessage", out var m) && m.ValueKind == JsonValueKind.String)
                    message = m.GetString();
            }
        }
        catch (JsonException)
        {
            // Not the documented shape: the text itself is the message.
        }

        message ??= body.Length == 0 ? "" : Encoding.UTF8.GetString(body);
        return (string.IsNullOrWhiteSpace(type) ? defaultType : type, message, payload);
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; a larger body is refused unread.</summary>
    private static async Task<(byte[] Body, bool TooLarge)> ReadBodyAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
            return ([], true);
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
                return ([], true);
            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), false);
    }

    private static Task AcceptedAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status202Accepted;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync("{\"status\":\"OK\"}");
    }

    private static Task InvalidRequestIdAsync(HttpContext http, string requestId) =>
        ErrorAsync(http, StatusCodes.Status400BadRequest, "InvalidRequestID",
            $"Request ID '{requestId}' is not the invocation in progress (it finished, timed out, or never existed).");

    private static Task NotAllowed(HttpContext http) =>
        ErrorAsync(http, StatusCodes.Status405MethodNotAllowed, "InvalidRequest", $"{http.Request.Method} is not allowed on {http.Request.Path}.");

    private static Task ErrorAsync(HttpContext http, int status, string type, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["errorMessage"] = message, ["errorType"] = type }));
    }

    private static string TraceId()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        return $"Root=1-{now}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))};Parent={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))};Sampled=0";
    }

    [LoggerMessage(EventId = 704, Level = LogLevel.Warning, Message = "{Function}: refused a Runtime API request from a process outside the execution environment (client port {Port}, {Path})")]
    private static partial void LogForeignCaller(ILogger logger, string function, int port, string path);
}
