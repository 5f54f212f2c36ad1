using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Runtime.Invocation;

namespace Platform.Runtime.RuntimeApi;

/// <summary>
/// One function process and the Runtime API it talks to: Lambda's execution environment. It serves
/// one invocation at a time; the pool (<see cref="ProcessFunctionHandler"/>) decides when it is reused.
/// </summary>
internal sealed partial class ProcessSandbox : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";
    private static readonly bool HasSetsid = OperatingSystem.IsLinux() && File.Exists("/usr/bin/setsid");

    private readonly Channel<SandboxInvocation> _pending = Channel.CreateBounded<SandboxInvocation>(1);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private readonly ILogger _functionLogger;
    private readonly string _functionName;
    private RuntimeApiServer? _server;
    private Process? _process;
    private Task _pumps = Task.CompletedTask;
    private bool _ownGroup;
    private volatile SandboxInvocation? _waiting;
    private volatile SandboxInvocation? _current;
    private int _initialized;
    private int _disposed;

    private ProcessSandbox(string functionName, int generation, ILoggerFactory loggerFactory)
    {
        _functionName = functionName;
        Generation = generation;
        _logger = loggerFactory.CreateLogger<ProcessSandbox>();
        _functionLogger = loggerFactory.CreateLogger("Function." + functionName);
    }

    /// <summary>The code version it runs; a hot reload retires older ones.</summary>
    public int Generation { get; }

    public int? ProcessId => _process?.Id;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Starts the process with its own Runtime API listener. The process initializes on
    /// its own; the first invocation waits for its first /next.</summary>
    /// <exception cref="FunctionErrorException">The command cannot be started (Runtime.InvalidEntrypoint).</exception>
    public static async Task<ProcessSandbox> StartAsync(SandboxSpec spec, int generation, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var executable = ResolveExecutable(spec);
        var sandbox = new ProcessSandbox(spec.FunctionName, generation, loggerFactory);
        sandbox._server = await RuntimeApiServer.StartAsync(sandbox.HandleAsync, loggerFactory, cancellationToken).ConfigureAwait(false);
        try
        {
            sandbox.Launch(spec, executable);
        }
        catch
        {
            await sandbox.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return sandbox;
    }

    /// <summary>Hands the invocation to the process and waits for its outcome. Cancellation (the
    /// timeout, shutdown) throws; the caller then disposes the sandbox, which kills the process.</summary>
    public async Task<SandboxResult> InvokeAsync(SandboxInvocation invocation, CancellationToken cancellationToken)
    {
        _waiting = invocation;
        if (!_pending.Writer.TryWrite(invocation))
            throw new InvalidOperationException("a sandbox serves one invocation at a time");

        var first = await Task.WhenAny(invocation.Completion, _exited.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (first != invocation.Completion)
        {
            // Whatever it printed on the way out explains the exit: keep it with this invocation.
            await _pumps.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            var code = await _exited.Task.ConfigureAwait(false);
            var status = code > 128 ? $"signal {code - 128}" : $"exit status {code}";
            var phase = Volatile.Read(ref _initialized) == 0 ? " before it asked for an invocation (init)" : "";
            invocation.TryComplete(SandboxResult.Failure("Runtime.ExitError",
                $"RequestId: {invocation.RequestId} Error: Runtime exited with error: {status}{phase}", reusable: false));
        }

        return await invocation.Completion.ConfigureAwait(false);
    }

    private void Launch(SandboxSpec spec, string executable)
    {
        var start = new ProcessStartInfo
        {
            // Its own session and process group, so a timeout or shutdown kills everything it started.
            FileName = HasSetsid ? "/usr/bin/setsid" : executable,
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        IEnumerable<string> arguments = [.. MemoryLimiter.Detected.Prefix(spec.MemorySize), executable, .. spec.Command.Skip(1)];
        foreach (var argument in HasSetsid ? arguments : arguments.Skip(1))
            start.ArgumentList.Add(argument);
        if (!HasSetsid && MemoryLimiter.Detected.Enforced)
            start.FileName = MemoryLimiter.Detected.Prefix(spec.MemorySize).First();

        // The platform's own credentials and profiles must not leak into a function.
        foreach (var key in new[] { "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE" })
            start.Environment.Remove(key);
        foreach (var (key, value) in spec.Environment)
            start.Environment[key] = value;
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = _server!.Address;
        start.Environment["AWS_LAMBDA_LOG_STREAM_NAME"] = LogStreamName();

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.Exited += (_, _) => _exited.TrySetResult(SafeExitCode(process));
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new FunctionErrorException("Runtime.InvalidEntrypoint", $"cannot start '{executable}': {e.Message}");
        }

        _process = process;
        _ownGroup = HasSetsid;
        // A runtime never reads stdin; closing it gives it end-of-file rather than the platform's terminal.
        process.StandardInput.Close();
        _pumps = Task.WhenAll(
            Task.Run(() => PumpAsync(process.StandardOutput.BaseStream)),
            Task.Run(() => PumpAsync(process.StandardError.BaseStream)));
        LogStarted(_logger, _functionName, process.Id, _server.Address);
    }

    private Task HandleAsync(HttpContext http)
    {
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

    /// <summary>GET /next: held until an invocation is handed over, as Lambda's is.</summary>
    private async Task NextAsync(HttpContext http)
    {
        Interlocked.Exchange(ref _initialized, 1);
        if (_current is { } unanswered && unanswered.TryComplete(SandboxResult.Failure("Runtime.InvalidStateTransition",
                $"RequestId: {unanswered.RequestId} Error: the runtime asked for the next invocation without answering this one", reusable: true)))
            LogUnanswered(_logger, _functionName, unanswered.RequestId);

        SandboxInvocation invocation;
        try
        {
            invocation = await _pending.Reader.ReadAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // The process went away while waiting.
        }

        _current = invocation;
        var headers = http.Response.Headers;
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.FunctionArn;
        headers["Lambda-Runtime-Trace-Id"] = TraceId();
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
        await DrainOutputAsync().ConfigureAwait(false);
        if (tooLarge)
        {
            invocation.TryComplete(SandboxResult.Failure("Function.ResponseSizeTooLarge",
                $"Response payload size exceeded maximum allowed payload size ({RuntimeApiLimits.MaxResponseBytes} bytes).", reusable: true));
            await ErrorAsync(http, StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge",
                $"Exceeded maximum allowed payload size ({RuntimeApiLimits.MaxResponseBytes} bytes).").ConfigureAwait(false);
            return;
        }

        invocation.TryComplete(SandboxResult.Success(body.Length == 0 ? null : Encoding.UTF8.GetString(body)));
        await AcceptedAsync(http).ConfigureAwait(false);
    }

    private async Task FunctionErrorAsync(HttpContext http, string requestId)
    {
        if (Current(requestId) is not { } invocation)
        {
            await InvalidRequestIdAsync(http, requestId).ConfigureAwait(false);
            return;
        }

        var (type, message) = await ReadErrorAsync(http, "Unhandled").ConfigureAwait(false);
        await DrainOutputAsync().ConfigureAwait(false);
        invocation.TryComplete(SandboxResult.Failure(type, message, reusable: true));
        await AcceptedAsync(http).ConfigureAwait(false);
    }

    /// <summary>POST /init/error: the runtime could not start the function. The invocation that
    /// waits for it fails with the posted type; the process is not reused.</summary>
    private async Task InitErrorAsync(HttpContext http)
    {
        var (type, message) = await ReadErrorAsync(http, "Runtime.InitError").ConfigureAwait(false);
        await DrainOutputAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _initialized) == 0 && _waiting is { } invocation)
            invocation.TryComplete(SandboxResult.Failure(type, message, reusable: false));
        await AcceptedAsync(http).ConfigureAwait(false);
    }

    private SandboxInvocation? Current(string requestId) =>
        _current is { } current && current.RequestId == requestId && !current.Completion.IsCompleted ? current : null;

    private static async Task<(string Type, string Message)> ReadErrorAsync(HttpContext http, string defaultType)
    {
        var (body, _) = await ReadBodyAsync(http.Request, RuntimeApiLimits.MaxErrorBytes).ConfigureAwait(false);
        string? type = http.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault();
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
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
        return (string.IsNullOrWhiteSpace(type) ? defaultType : type, message);
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

    /// <summary>Copies the process's output into the log of the invocation it belongs to (the one
    /// in progress, or the one waiting for init) and into the platform's log.</summary>
    private async Task PumpAsync(Stream stream)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[8192];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var line = new StringBuilder();
        try
        {
            int read;
            while ((read = await stream.ReadAsync(bytes).ConfigureAwait(false)) > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0);
                (_current ?? _waiting)?.Output.Append(chars.AsSpan(0, count));
                foreach (var c in chars.AsSpan(0, count))
                {
                    if (c == '\n')
                    {
                        LogOutput(_functionLogger, line.ToString());
                        line.Clear();
                    }
                    else if (c != '\r')
                    {
                        line.Append(c);
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        if (line.Length > 0)
            LogOutput(_functionLogger, line.ToString());
    }

    /// <summary>A runtime writes its logs before it posts the response; those bytes may still sit
    /// in the pipe. Waits (briefly, bounded) until both pipes are empty so they land in this
    /// invocation's log rather than the next one's.</summary>
    private async Task DrainOutputAsync()
    {
        if (_process is not { } process || !OperatingSystem.IsLinux())
            return;
        for (var i = 0; i < 50 && (Pending(process.StandardOutput.BaseStream) || Pending(process.StandardError.BaseStream)); i++)
            await Task.Delay(1).ConfigureAwait(false);
        await Task.Yield();
    }

    private static bool Pending(Stream stream)
    {
        if (stream is not PipeStream { SafePipeHandle: { IsInvalid: false, IsClosed: false } handle })
            return false;
        var success = false;
        try
        {
            handle.DangerousAddRef(ref success);
            return ioctl((int)handle.DangerousGetHandle(), FIONREAD, out var available) == 0 && available > 0;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (success)
                handle.DangerousRelease();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _pending.Writer.TryComplete();
        if (_process is { } process)
        {
            Kill(process);
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogNotExited(_logger, _functionName, process.Id);
            }

            await _pumps.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            process.Dispose();
        }

        if (_server is not null)
            await _server.DisposeAsync().ConfigureAwait(false);
    }

    private void Kill(Process process)
    {
        try
        {
            if (process.HasExited)
                return;
            // The whole group: a bootstrap's children (curl, the interpreter it started) go too.
            if (_ownGroup && kill(-process.Id, SIGKILL) == 0)
                return;
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static int SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private static string ResolveExecutable(SandboxSpec spec)
    {
        if (spec.Command.Count == 0 || string.IsNullOrWhiteSpace(spec.Command[0]))
            throw new FunctionErrorException("Runtime.InvalidEntrypoint", "no command is configured.");
        var name = spec.Command[0];
        string? path = null;
        if (name.Contains('/'))
        {
            path = Path.GetFullPath(name, spec.WorkingDirectory);
            if (!File.Exists(path))
                path = null;
        }
        else
        {
            path = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, name))
                .FirstOrDefault(File.Exists);
        }

        if (path is null && spec.BootstrapSearch)
            throw new FunctionErrorException("Runtime.InvalidEntrypoint", $"Couldn't find valid bootstrap(s): [{Path.GetFullPath(name, spec.WorkingDirectory)}]");
        if (path is null)
            throw new FunctionErrorException("Runtime.InvalidEntrypoint", $"command '{name}' was not found (working directory {spec.WorkingDirectory}).");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
            throw new FunctionErrorException("Runtime.InvalidEntrypoint", $"'{path}' is not executable; chmod +x it.");
        return path;
    }

    private static string LogStreamName() =>
        $"{DateTime.UtcNow:yyyy/MM/dd}/[$LATEST]{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

    private static string TraceId()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        return $"Root=1-{now}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))};Parent={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))};Sampled=0";
    }

    private const int SIGKILL = 9;
    private const ulong FIONREAD = 0x541B;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int fd, ulong request, out int available);

    [LoggerMessage(EventId = 700, Level = LogLevel.Debug, Message = "{Function}: started process {ProcessId} with AWS_LAMBDA_RUNTIME_API={Address}")]
    private static partial void LogStarted(ILogger logger, string function, int processId, string address);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "{Line}")]
    private static partial void LogOutput(ILogger logger, string line);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "{Function}: the runtime asked for the next invocation without answering {RequestId}; that invocation failed")]
    private static partial void LogUnanswered(ILogger logger, string function, string requestId);

    [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "{Function}: process {ProcessId} did not exit within 5 s of being killed")]
    private static partial void LogNotExited(ILogger logger, string function, int processId);
}
