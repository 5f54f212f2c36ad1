using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Runtime;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;
using Platform.Runtime.Processes;

namespace Platform.Tests.Runtime;

/// <summary>
/// Functions as processes over the Lambda Runtime API, driven by the bootstrap of AWS's custom
/// runtime tutorial (bash + curl): warm reuse, Lambda's environment, concurrency as processes, and
/// every way a process can fail — each with Lambda's error type.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProcessRuntimeTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _code = RuntimeApiClients.CopyOf(RuntimeApiClients.BashTutorial);
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddPlatformRuntime(new RuntimeOptions { EdgeUrl = "http://127.0.0.1:4566", WatchFunctionCode = false })
        .BuildServiceProvider();

    private FunctionRegistry Registry => _services.GetRequiredService<FunctionRegistry>();

    [Fact]
    public async Task The_tutorial_bootstrap_serves_invocations_from_one_warm_process_with_lambdas_environment()
    {
        Add("hello", "function.handler", environment: new Dictionary<string, string> { ["BUCKET"] = "processed" });

        var first = await InvokeAsync("hello", """{"n":1}""");
        var second = await InvokeAsync("hello", """{"n":2}""");

        Assert.Equal(InvocationOutcome.Succeeded, first.Outcome);
        Assert.Equal(InvocationOutcome.Succeeded, second.Outcome);
        var a = JsonDocument.Parse(first.ResponsePayload!).RootElement;
        var b = JsonDocument.Parse(second.ResponsePayload!).RootElement;
        Assert.Equal(1, a.GetProperty("event").GetProperty("n").GetInt32());
        Assert.Equal(2, b.GetProperty("event").GetProperty("n").GetInt32());
        Assert.Equal(a.GetProperty("pid").GetInt32(), b.GetProperty("pid").GetInt32());
        Assert.Equal("hello", a.GetProperty("function").GetString());
        Assert.Equal("256", a.GetProperty("memory").GetString());
        Assert.Equal("$LATEST", a.GetProperty("version").GetString());
        Assert.Equal("us-east-1", a.GetProperty("region").GetString());
        Assert.Equal("function.handler", a.GetProperty("handler").GetString());
        Assert.Equal(_code.FullName, a.GetProperty("root").GetString());
        Assert.Matches(@"^127\.0\.0\.1:\d+$", a.GetProperty("api").GetString()!);
        Assert.Equal("http://127.0.0.1:4566", a.GetProperty("endpoint").GetString());
        Assert.Equal("test", a.GetProperty("key").GetString());
        Assert.Equal(":UTC", a.GetProperty("tz").GetString());
        Assert.Matches(@"^\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}$", a.GetProperty("stream").GetString()!);
        Assert.Equal("/aws/lambda/hello", a.GetProperty("group").GetString());
        Assert.Equal("processed", a.GetProperty("bucket").GetString());
        // What the handler wrote to stderr is that invocation's log.
        Assert.Contains("""handling {"n":1}""", first.Logs);
        Assert.Contains("""handling {"n":2}""", second.Logs);
        Assert.DoesNotContain("""{"n":1}""", second.Logs);
    }

    [Fact]
    public async Task Concurrent_invocations_start_processes_on_demand_up_to_the_functions_concurrency()
    {
        Add("gated", "behaviours.handler", concurrency: 2);
        var handler = (ProcessPool)Registry.Get("gated")!.Handler;

        var running = Enumerable.Range(0, 3).Select(i => InvokeAsync("gated", $$"""{"gate":{{i}}}""")).ToArray();
        // Two processes start; the third invocation waits for a free slot instead of a third process.
        await WaitUntilAsync(() => handler.ProcessCount == 2);
        Assert.All(running, r => Assert.False(r.IsCompleted));
        await File.WriteAllTextAsync(Path.Combine(_code.FullName, "gate-open"), "");
        var results = await Task.WhenAll(running).WaitAsync(Wait);

        Assert.All(results, r => Assert.Equal(InvocationOutcome.Succeeded, r.Outcome));
        Assert.Equal(2, results.Select(r => JsonDocument.Parse(r.ResponsePayload!).RootElement.GetProperty("pid").GetInt32()).Distinct().Count());
        Assert.Equal(2, handler.ProcessCount);
    }

    [Fact]
    public async Task A_crash_during_an_invocation_is_Runtime_ExitError_and_the_next_invocation_gets_a_fresh_process()
    {
        Add("fragile", "behaviours.handler");

        var before = Pid(await InvokeAsync("fragile", """{"ok":1}"""));
        var crashed = await InvokeAsync("fragile", """{"crash":true}""");
        var after = Pid(await InvokeAsync("fragile", """{"ok":2}"""));

        Assert.Equal(InvocationOutcome.Failed, crashed.Outcome);
        Assert.Equal("Runtime.ExitError", crashed.ErrorType);
        Assert.Equal($"RequestId: {crashed.RequestId} Error: Runtime exited with error: exit status 3", crashed.ErrorMessage);
        Assert.Contains($"crashing in {before}", crashed.Logs);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task A_timeout_kills_the_process_group_and_reports_Sandbox_Timedout()
    {
        Add("sleepy", "behaviours.handler", timeout: TimeSpan.FromSeconds(1));

        var before = Pid(await InvokeAsync("sleepy", """{"ok":1}"""));
        var timedOut = await InvokeAsync("sleepy", """{"sleep":true}""");
        var after = Pid(await InvokeAsync("sleepy", """{"ok":2}"""));

        Assert.Equal(InvocationOutcome.TimedOut, timedOut.Outcome);
        Assert.Equal("Sandbox.Timedout", timedOut.ErrorType);
        Assert.Contains($"sleeping in {before}", timedOut.Logs);
        Assert.NotEqual(before, after);
        // The bootstrap and the `sleep` it started are gone: the whole process group was killed.
        await WaitUntilAsync(() => !Directory.Exists($"/proc/{before}"));
        Assert.DoesNotContain(Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)),
            d => File.Exists(Path.Combine(d, "cmdline")) && SafeRead(Path.Combine(d, "cmdline")).Contains(_code.FullName, StringComparison.Ordinal)
                 && SafeRead(Path.Combine(d, "cmdline")).Contains("sleep", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_runtime_that_never_asks_for_an_invocation_times_out_at_lambdas_init_limit()
    {
        Add("stuck", "never-next.handler", timeout: TimeSpan.FromSeconds(1));

        var result = await InvokeAsync("stuck", "{}");

        Assert.Equal(InvocationOutcome.TimedOut, result.Outcome);
        Assert.Equal("Sandbox.Timedout", result.ErrorType);
        Assert.Contains("initializing forever", result.Logs);
        Assert.True(result.DurationMs >= FunctionDefinition.InitLimit.TotalMilliseconds - 50, $"timed out after {result.DurationMs} ms, before the init limit");
    }

    [Fact]
    public async Task The_timeout_counts_from_the_events_hand_over_not_from_a_cold_starts_init()
    {
        Add("slow-init", "slow-init.handler", timeout: TimeSpan.FromSeconds(3));

        var result = await InvokeAsync("slow-init", "{}");

        Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
        var answer = JsonDocument.Parse(result.ResponsePayload!).RootElement;
        var left = answer.GetProperty("deadline").GetInt64() - answer.GetProperty("received").GetInt64();
        Assert.InRange(left, 1, 3000);
    }

    [Fact]
    public async Task An_exit_before_the_first_next_is_an_init_failure_with_its_output()
    {
        Add("broken", "init-exit.handler");

        var result = await InvokeAsync("broken", "{}");

        Assert.Equal(InvocationOutcome.Failed, result.Outcome);
        Assert.Equal("Runtime.ExitError", result.ErrorType);
        Assert.Contains("exit status 2 before it asked for an invocation (init)", result.ErrorMessage);
        Assert.Contains("cannot initialize: missing configuration", result.Logs);
    }

    [Fact]
    public async Task An_init_error_posted_to_the_runtime_api_fails_the_invocation_with_its_type()
    {
        Add("misconfigured", "init-error.handler");

        var result = await InvokeAsync("misconfigured", "{}");
        var again = await InvokeAsync("misconfigured", "{}");

        Assert.Equal(InvocationOutcome.Failed, result.Outcome);
        Assert.Equal("Runtime.ConfigError", result.ErrorType);
        Assert.Equal("BUCKET is not configured", result.ErrorMessage);
        // Each invocation tries a fresh process, as Lambda retries init.
        Assert.Equal("Runtime.ConfigError", again.ErrorType);
    }

    [Fact]
    public async Task A_response_over_6_MB_is_Function_ResponseSizeTooLarge_and_the_process_serves_on()
    {
        Add("bloated", "big.handler");

        var handler = (ProcessPool)Registry.Get("bloated")!.Handler;
        var result = await InvokeAsync("bloated", "{}");
        var again = await InvokeAsync("bloated", "{}");

        Assert.Equal(InvocationOutcome.Failed, result.Outcome);
        Assert.Equal("Function.ResponseSizeTooLarge", result.ErrorType);
        Assert.Equal("Response payload size exceeded maximum allowed payload size (6291456 bytes).", result.ErrorMessage);
        Assert.Equal("Function.ResponseSizeTooLarge", again.ErrorType);
        // A function error, not a broken process: the same process answered both.
        Assert.Equal(1, handler.ProcessCount);
    }

    [Fact]
    public async Task A_missing_or_non_executable_command_is_Runtime_InvalidEntrypoint()
    {
        Registry.AddOrReplace(Definition("missing", "x.handler") with { Command = ["./no-such-bootstrap"] });
        File.SetUnixFileMode(Path.Combine(_code.FullName, "function.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Registry.AddOrReplace(Definition("not-executable", "x.handler") with { Command = ["./function.sh"] });

        var missing = await InvokeAsync("missing", "{}");
        var notExecutable = await InvokeAsync("not-executable", "{}");

        Assert.Equal("Runtime.InvalidEntrypoint", missing.ErrorType);
        Assert.Contains("no-such-bootstrap", missing.ErrorMessage);
        Assert.Equal("Runtime.InvalidEntrypoint", notExecutable.ErrorType);
        Assert.Contains("chmod +x", notExecutable.ErrorMessage);
    }

    [Fact]
    public async Task A_code_reload_serves_new_invocations_from_new_processes_while_a_running_one_finishes_on_the_old()
    {
        Add("versioned", "function.handler");
        await File.WriteAllTextAsync(Path.Combine(_code.FullName, "version.txt"), "v1");
        var first = JsonDocument.Parse((await InvokeAsync("versioned", "{}")).ResponsePayload!).RootElement;

        await Registry.ReloadCodeAsync("versioned", CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(_code.FullName, "version.txt"), "v2");
        var second = JsonDocument.Parse((await InvokeAsync("versioned", "{}")).ResponsePayload!).RootElement;

        Assert.Equal("v1", first.GetProperty("code").GetString());
        Assert.Equal("v2", second.GetProperty("code").GetString());
        Assert.NotEqual(first.GetProperty("pid").GetInt32(), second.GetProperty("pid").GetInt32());
    }

    [Fact]
    public async Task Changing_a_file_in_the_code_folder_reloads_the_function_after_a_quiet_period()
    {
        await using var services = new ServiceCollection().AddPlatformRuntime().BuildServiceProvider();
        var registry = services.GetRequiredService<FunctionRegistry>();
        var reloaded = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        registry.CodeReloaded += name => reloaded.TrySetResult(name);
        registry.AddOrReplace(Definition("watched", "function.handler"));

        // Bytecode caches and hidden files are not code changes; the new version.txt is.
        Directory.CreateDirectory(Path.Combine(_code.FullName, "__pycache__"));
        await File.WriteAllTextAsync(Path.Combine(_code.FullName, "__pycache__", "x.pyc"), "");
        await File.WriteAllTextAsync(Path.Combine(_code.FullName, "version.txt"), "v3");

        Assert.Equal("watched", await reloaded.Task.WaitAsync(Wait));
    }

    private void Add(string name, string handler, int concurrency = 4, TimeSpan? timeout = null, Dictionary<string, string>? environment = null) =>
        Registry.AddOrReplace(Definition(name, handler) with
        {
            Concurrency = concurrency,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            Environment = environment ?? [],
        });

    private FunctionDefinition Definition(string name, string handler) => new()
    {
        Name = name,
        Runtime = "process",
        Command = ["./bootstrap"],
        CodeDirectory = _code.FullName,
        Handler = handler,
        MemorySize = 256,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private Task<FunctionInvoked> InvokeAsync(string function, string payload) =>
        _services.GetRequiredService<FunctionInvoker>().InvokeAsync(new InvokeFunction
        {
            RequestId = Guid.NewGuid().ToString(),
            FunctionName = function,
            Payload = payload,
            Trigger = "test",
        }, CancellationToken.None).WaitAsync(Wait);

    private static int Pid(FunctionInvoked result)
    {
        Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
        return JsonDocument.Parse(result.ResponsePayload!).RootElement.GetProperty("pid").GetInt32();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (!condition())
            await Task.Delay(20, timeout.Token);
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _code.Delete(recursive: true);
    }
}
