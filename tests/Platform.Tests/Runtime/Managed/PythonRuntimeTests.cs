using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Runtime;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;

namespace Platform.Tests.Runtime.Managed;

/// <summary>
/// python3.x functions through the platform's Python shim: AWS's handler rules, context object,
/// init errors and error shapes (awslambdaric's messages), Lambda's environment and log lines.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PythonRuntimeTests : IAsyncLifetime
{
    private const string App = """
        import json, os, sys, tempfile
        calls = 0

        def handler(event, context):
            global calls
            calls += 1
            print("handling", json.dumps(event))
            with tempfile.NamedTemporaryFile(delete=False) as f:
                f.write(b"scratch")
            try:
                open(os.path.join(os.environ["LAMBDA_TASK_ROOT"], "cache.txt"), "w").write("x")
                code_writable = True
            except OSError:
                code_writable = False
            return {
                "calls": calls, "pid": os.getpid(), "event": event,
                "function_name": context.function_name, "function_version": context.function_version,
                "invoked_function_arn": context.invoked_function_arn, "memory_limit_in_mb": context.memory_limit_in_mb,
                "aws_request_id": context.aws_request_id, "log_group_name": context.log_group_name,
                "log_stream_name": context.log_stream_name, "remaining": context.get_remaining_time_in_millis(),
                "env": dict(os.environ), "tmp": tempfile.gettempdir(), "code_writable": code_writable,
                "sys_path": sys.path,
            }

        class BadInput(Exception):
            pass

        def fails(event, context):
            raise BadInput("no good: " + event["why"])

        def sleeps(event, context):
            import time
            print("sleeping")
            time.sleep(30)
        """;

    private readonly ManagedRuntimeHost _host = new();

    [Fact]
    public async Task A_handler_runs_warm_with_lambdas_context_environment_and_log_lines()
    {
        System.Environment.SetEnvironmentVariable("PLATFORM_TEST_SECRET", "do-not-leak");
        var code = _host.Code(("app.py", App));
        _host.Add("py", "python3.12", "app.handler", code, environment: new() { ["OUT"] = "processed" });

        var first = await _host.InvokeAsync("py", """{"n":1}""", "req-py-1");
        var second = await _host.InvokeAsync("py", """{"n":2}""", "req-py-2");

        Assert.True(first.Outcome == InvocationOutcome.Succeeded, $"{first.ErrorType}: {first.ErrorMessage}\n{first.Logs}");
        var a = JsonDocument.Parse(first.ResponsePayload!).RootElement;
        var b = JsonDocument.Parse(second.ResponsePayload!).RootElement;
        // Module state survives between invocations of one warm process.
        Assert.Equal(1, a.GetProperty("calls").GetInt32());
        Assert.Equal(2, b.GetProperty("calls").GetInt32());
        Assert.Equal(a.GetProperty("pid").GetInt32(), b.GetProperty("pid").GetInt32());
        Assert.Equal(1, a.GetProperty("event").GetProperty("n").GetInt32());

        Assert.Equal("py", a.GetProperty("function_name").GetString());
        Assert.Equal("$LATEST", a.GetProperty("function_version").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:py", a.GetProperty("invoked_function_arn").GetString());
        Assert.Equal("256", a.GetProperty("memory_limit_in_mb").GetString());
        Assert.Equal("req-py-1", a.GetProperty("aws_request_id").GetString());
        Assert.Equal("/aws/lambda/py", a.GetProperty("log_group_name").GetString());
        Assert.Matches(@"^\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}$", a.GetProperty("log_stream_name").GetString()!);
        Assert.InRange(a.GetProperty("remaining").GetInt32(), 1, 30_000);

        var env = a.GetProperty("env");
        Assert.Equal("AWS_Lambda_python3.12", env.GetProperty("AWS_EXECUTION_ENV").GetString());
        Assert.Equal("app.handler", env.GetProperty("_HANDLER").GetString());
        Assert.Equal(code, env.GetProperty("LAMBDA_TASK_ROOT").GetString());
        Assert.EndsWith("Shims/python", env.GetProperty("LAMBDA_RUNTIME_DIR").GetString());
        Assert.Equal(":UTC", env.GetProperty("TZ").GetString());
        Assert.Equal("en_US.UTF-8", env.GetProperty("LANG").GetString());
        Assert.Equal("processed", env.GetProperty("OUT").GetString());
        Assert.Equal("us-east-1", env.GetProperty("AWS_REGION").GetString());
        Assert.Equal("256", env.GetProperty("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").GetString());
        Assert.Contains("/usr/bin", env.GetProperty("PATH").GetString());
        Assert.False(env.TryGetProperty("PLATFORM_TEST_SECRET", out _), "the platform's own environment leaked into the function");
        Assert.False(env.TryGetProperty("HOME", out _));

        // Its own writable /tmp under the data directory; its code folder is not its to write.
        Assert.StartsWith(Path.Combine(_host.StateDirectory, "functions", "py", "tmp"), a.GetProperty("tmp").GetString());
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_host.StateDirectory, "functions", "py", "tmp")));
        Assert.False(a.GetProperty("code_writable").GetBoolean());
        Assert.False(File.Exists(Path.Combine(code, "cache.txt")));
        Assert.Equal(code, a.GetProperty("sys_path")[0].GetString());

        Assert.Contains("handling {\"n\": 1}", first.Logs);
        Assert.StartsWith("START RequestId: req-py-1 Version: $LATEST\n", first.Logs);
        Assert.Contains("\nEND RequestId: req-py-1\n", first.Logs);
        Assert.Matches(@"\nREPORT RequestId: req-py-1\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms\t\n$", first.Logs);
        Assert.DoesNotContain("Init Duration", second.Logs);
    }

    [Fact]
    public async Task A_raised_exception_is_the_functions_error_with_awslambdarics_log_lines()
    {
        _host.Add("py-fail", "python3.12", "app.fails", _host.Code(("app.py", App)));

        var result = await _host.InvokeAsync("py-fail", """{"why":"empty"}""", "req-py-fail");

        Assert.Equal(InvocationOutcome.Failed, result.Outcome);
        Assert.Equal("BadInput", result.ErrorType);
        Assert.Equal("no good: empty", result.ErrorMessage);
        Assert.Contains("[ERROR] BadInput: no good: empty\rTraceback (most recent call last):\r  File ", result.Logs);
        Assert.Contains("app.py\", line ", result.Logs);
        // The error JSON awslambdaric posts, which Lambda's Invoke returns as the body.
        var posted = JsonDocument.Parse(result.ErrorPayload!).RootElement;
        Assert.Equal(["errorMessage", "errorType", "requestId", "stackTrace"], posted.EnumerateObject().Select(p => p.Name));
        Assert.Equal("req-py-fail", posted.GetProperty("requestId").GetString());
        Assert.Contains("raise BadInput", posted.GetProperty("stackTrace")[0].GetString());
    }

    [Theory]
    [InlineData("missing.handler", "Runtime.ImportModuleError", "Unable to import module 'missing': No module named 'missing'")]
    [InlineData("app.nope", "Runtime.HandlerNotFound", "Handler 'nope' missing on module 'app'")]
    [InlineData("app", "Runtime.MalformedHandlerName", "Bad handler 'app': not enough values to unpack (expected 2, got 1)")]
    [InlineData("sys.handler", "Runtime.BuiltInModuleConflict", "Cannot use built-in module sys as a handler module")]
    [InlineData("broken.handler", "Runtime.UserCodeSyntaxError", "Syntax error in module 'broken': ")]
    [InlineData("raises.handler", "RuntimeError", "cannot start: no DB_URL")]
    public async Task Init_errors_have_lambdas_type_and_message(string handler, string errorType, string message)
    {
        var code = _host.Code(("app.py", App), ("broken.py", "def handler(event, context)\n    return 1\n"),
            ("raises.py", "raise RuntimeError('cannot start: no DB_URL')\n"));
        _host.Add("py-init", "python3.12", handler, code);

        var result = await _host.InvokeAsync("py-init", "{}");

        Assert.Equal(InvocationOutcome.Failed, result.Outcome);
        Assert.Equal(errorType, result.ErrorType);
        Assert.StartsWith(message, result.ErrorMessage);
        Assert.Contains($"[ERROR] {errorType}: {message}", result.Logs);
    }

    [Fact]
    public async Task A_handler_in_a_subfolder_is_named_dir_slash_file()
    {
        _host.Add("py-dir", "python3.12", "src/handlers/api.main", _host.Code(("src/handlers/api.py", "def main(event, context):\n    return {'from': __name__}\n")));

        var result = await _host.InvokeAsync("py-dir", "{}");

        Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
        Assert.Equal("""{"from": "src.handlers.api"}""", result.ResponsePayload);
    }

    [Fact]
    public async Task A_timeout_is_Task_timed_out_and_the_next_invocation_gets_a_fresh_process()
    {
        _host.Add("py-slow", "python3.12", "app.sleeps", _host.Code(("app.py", App)), timeout: TimeSpan.FromSeconds(1));

        var result = await _host.InvokeAsync("py-slow", "{}", "req-py-slow");

        Assert.Equal(InvocationOutcome.TimedOut, result.Outcome);
        Assert.Equal("Sandbox.Timedout", result.ErrorType);
        Assert.Equal("RequestId: req-py-slow Error: Task timed out after 1.00 seconds", result.ErrorMessage);
        Assert.Contains("sleeping", result.Logs);
        Assert.Matches(@"\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z req-py-slow Task timed out after 1\.00 seconds\nEND RequestId: req-py-slow\nREPORT RequestId: req-py-slow\t", result.Logs);
    }

    [Fact]
    public async Task Layers_are_importable_as_lambdas_opt_python()
    {
        var layer = _host.Code(("python/helper.py", "VALUE = 'from layer'\n"), ("python/lib/python3.12/site-packages/vendored.py", "VALUE = 'vendored'\n"));
        var code = _host.Code(("app.py", "import helper, vendored\ndef handler(e, c):\n    return [helper.VALUE, vendored.VALUE]\n"));
        _host.Add("py-layer", "python3.12", "app.handler", code, layers: [layer]);

        var result = await _host.InvokeAsync("py-layer", "{}");

        Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
        Assert.Equal("""["from layer", "vendored"]""", result.ResponsePayload);
    }

    [Theory]
    [InlineData("python3.12", "Runtime python3.12 needs Python: none of python3.12, python3 or python is installed on this machine's PATH.")]
    [InlineData("nodejs20.x", "Runtime nodejs20.x needs Node.js: neither node nor nodejs is installed on this machine's PATH.")]
    public async Task Without_an_interpreter_every_invocation_fails_at_once_with_Runtime_InvalidEntrypoint(string runtime, string message)
    {
        var empty = Directory.CreateTempSubdirectory("no-interpreters-");
        try
        {
            await using var services = new ServiceCollection()
                .AddPlatformRuntime(new RuntimeOptions { WatchFunctionCode = false, InterpreterSearchPath = [empty.FullName] })
                .BuildServiceProvider();
            services.GetRequiredService<FunctionRegistry>()
                .AddOrReplace(new FunctionDefinition { Name = "bare", Runtime = runtime, Handler = "app.handler", CodeDirectory = empty.FullName });

            var result = await services.GetRequiredService<FunctionInvoker>()
                .InvokeAsync(new InvokeFunction { RequestId = "r", FunctionName = "bare", Payload = "{}", Trigger = "test" }, CancellationToken.None)
                .WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(InvocationOutcome.Failed, result.Outcome);
            Assert.Equal("Runtime.InvalidEntrypoint", result.ErrorType);
            Assert.Equal(message, result.ErrorMessage);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_data_directory_inside_the_code_folder_keeps_tmp_writable_and_the_code_read_only()
    {
        var code = _host.Code(("app.py", App));
        await using var services = new ServiceCollection()
            .AddPlatformRuntime(new RuntimeOptions { WatchFunctionCode = false, StateDirectory = Path.Combine(code, ".platform") })
            .BuildServiceProvider();
        services.GetRequiredService<FunctionRegistry>()
            .AddOrReplace(new FunctionDefinition { Name = "nested", Runtime = "python3.12", Handler = "app.handler", CodeDirectory = code });

        var result = await services.GetRequiredService<FunctionInvoker>()
            .InvokeAsync(new InvokeFunction { RequestId = "r", FunctionName = "nested", Payload = "{}", Trigger = "test" }, CancellationToken.None)
            .WaitAsync(ManagedRuntimeHost.Wait);

        Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
        var response = JsonDocument.Parse(result.ResponsePayload!).RootElement;
        Assert.False(response.GetProperty("code_writable").GetBoolean());
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(code, ".platform", "functions", "nested", "tmp")));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
