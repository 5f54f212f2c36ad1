using System.ComponentModel;
using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Platform.Runtime.Invocation;
using Platform.Runtime.RuntimeApi;

namespace Platform.Runtime.Processes;

/// <summary>
/// One function process — Lambda's execution environment: its own session and process group
/// (<c>setsid</c>), a memory limit, a clean Lambda environment, a read-only view of its code folder
/// where the machine allows it, its output captured per invocation, and its own Runtime API
/// (<see cref="RuntimeApiSession"/> on a <see cref="RuntimeApiServer"/>). It serves one invocation at a
/// time; the pool (<see cref="ProcessPool"/>) decides when it is reused.
/// </summary>
internal sealed partial class FunctionProcess : IAsyncDisposable
{
    private static readonly bool HasSetsid = OperatingSystem.IsLinux() && File.Exists("/usr/bin/setsid");

    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private readonly ILogger _functionLogger;
    private readonly string _functionName;
    private readonly ProcessGroupLedger _ledger;
    private readonly RuntimeApiSession _session;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private RuntimeApiServer? _server;
    private Process? _process;
    private Task _pumps = Task.CompletedTask;
    private bool _ownGroup;
    private int _disposed;

    private FunctionProcess(string functionName, int generation, ProcessGroupLedger ledger, ILoggerFactory loggerFactory)
    {
        _functionName = functionName;
        _ledger = ledger;
        Generation = generation;
        _logger = loggerFactory.CreateLogger<FunctionProcess>();
        _functionLogger = loggerFactory.CreateLogger("Function." + functionName);
        _session = new RuntimeApiSession(functionName, IsOwnCaller, DrainOutputAsync, _logger);
    }

    /// <summary>The code version it runs; a hot reload retires older ones.</summary>
    public int Generation { get; }

    public int? ProcessId => _process?.Id;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>How long init took (start to its first /next), once known.</summary>
    public TimeSpan? InitDuration => _session.InitializedAt is var at and > 0 ? Stopwatch.GetElapsedTime(_startedAt, at) : null;

    /// <summary>Peak resident memory of the runtime process (VmHWM), in MB; null when unknown.</summary>
    public int? MaxMemoryUsedMb
    {
        get
        {
            try
            {
                var line = File.ReadLines($"/proc/{_process?.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                return line is null ? null : (int)Math.Ceiling(long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return null;
            }
        }
    }

    /// <summary>Starts the process with its own Runtime API listener. The process initializes on
    /// its own; the first invocation waits for its first /next.</summary>
    /// <exception cref="FunctionErrorException">The command cannot be started (Runtime.InvalidEntrypoint).</exception>
    public static async Task<FunctionProcess> StartAsync(ProcessSpec spec, int generation, ProcessGroupLedger ledger, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var executable = ResolveExecutable(spec);
        var process = new FunctionProcess(spec.FunctionName, generation, ledger, loggerFactory);
        process._server = await RuntimeApiServer.StartAsync(process._session.HandleAsync, loggerFactory, cancellationToken).ConfigureAwait(false);
        try
        {
            process.Launch(spec, executable);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return process;
    }

    /// <summary>Hands the invocation to the process and waits for its outcome. Cancellation (the
    /// timeout, shutdown) throws; the caller then disposes the process, which kills its group.</summary>
    public async Task<RuntimeApiResult> InvokeAsync(RuntimeApiInvocation invocation, CancellationToken cancellationToken)
    {
        _session.Offer(invocation);
        var first = await Task.WhenAny(invocation.Completion, _exited.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (first != invocation.Completion)
        {
            // Whatever it printed on the way out explains the exit: keep it with this invocation.
            await _pumps.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            var code = await _exited.Task.ConfigureAwait(false);
            var status = code > 128 ? $"signal {code - 128}" : $"exit status {code}";
            var phase = _session.Initialized ? "" : " before it asked for an invocation (init)";
            invocation.TryComplete(RuntimeApiResult.Failure("Runtime.ExitError",
                $"RequestId: {invocation.RequestId} Error: Runtime exited with error: {status}{phase}", reusable: false));
        }

        return await invocation.Completion.ConfigureAwait(false);
    }

    private bool IsOwnCaller(Microsoft.AspNetCore.Http.HttpContext http) =>
        !_ownGroup || _process is not { } process || LoopbackPeer.IsInProcessGroup(http, process.Id);

    private void Launch(ProcessSpec spec, string executable)
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
        IEnumerable<string> arguments =
        [
            .. MemoryLimiter.Detected.Prefix(spec.MemorySize),
            .. CodeFolderIsolation.Detected.Prefix(spec),
            executable,
            .. spec.Command.Skip(1),
        ];
        foreach (var argument in HasSetsid ? arguments : arguments.Skip(1))
            start.ArgumentList.Add(argument);
        if (!HasSetsid && arguments.First() != executable)
            start.FileName = arguments.First();

        // Lambda's environment only: nothing of the platform's own (its secrets, credentials, profiles).
        start.Environment.Clear();
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
        if (_ownGroup)
            _ledger.Record(process.Id, _functionName);
        // A runtime never reads stdin; closing it gives it end-of-file rather than the platform's terminal.
        process.StandardInput.Close();
        _pumps = Task.WhenAll(
            Task.Run(() => PumpAsync(process.StandardOutput.BaseStream)),
            Task.Run(() => PumpAsync(process.StandardError.BaseStream)));
        LogStarted(_logger, _functionName, process.Id, _server.Address);
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
                _session.OutputOwner?.Output.Append(chars.AsSpan(0, count));
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
        _session.Close();
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

            if (_ownGroup)
                _ledger.Forget(process.Id);
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
            // The whole group, even when its leader already exited: a bootstrap's children (curl,
            // the interpreter it started) go too.
            if (_ownGroup && kill(-process.Id, SIGKILL) == 0)
                return;
            if (!process.HasExited)
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

    private static string ResolveExecutable(ProcessSpec spec)
    {
        if (spec.EntrypointError is { } error)
            throw new FunctionErrorException("Runtime.InvalidEntrypoint", error);
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
            // The platform's PATH finds the command; the function itself gets Lambda's PATH.
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

    private const int SIGKILL = 9;
    private const ulong FIONREAD = 0x541B;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int fd, ulong request, out int available);

    [LoggerMessage(EventId = 705, Level = LogLevel.Debug, Message = "{Function}: started process {ProcessId} with AWS_LAMBDA_RUNTIME_API={Address}")]
    private static partial void LogStarted(ILogger logger, string function, int processId, string address);

    [LoggerMessage(EventId = 706, Level = LogLevel.Information, Message = "{Line}")]
    private static partial void LogOutput(ILogger logger, string line);

    [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "{Function}: process {ProcessId} did not exit within 5 s of being killed")]
    private static partial void LogNotExited(ILogger logger, string function, int processId);
}
