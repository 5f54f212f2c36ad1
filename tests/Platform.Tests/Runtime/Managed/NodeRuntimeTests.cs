using System.Text.Json;
using Platform.Contracts.Dispatch;

namespace Platform.Tests.Runtime.Managed;

/// <summary>
/// nodejsNN.x functions through the platform's Node.js shim: ES modules and CommonJS, async and
/// callback handlers, callbackWaitsForEmptyEventLoop, the context object, init errors with the
/// messages of AWS's Node.js runtime interface client, timeouts and Lambda's log lines.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NodeRuntimeTests : IAsyncLifetime
{
    private const string Esm = """
        import fs from 'node:fs';
        import os from 'node:os';
        let calls = 0;
        export const handler = async (event, context) => {
          calls++;
          console.log('handling', JSON.stringify(event));
          fs.writeFileSync(os.tmpdir() + '/scratch', 'x');
          let codeWritable = true;
          try { fs.writeFileSync(process.env.LAMBDA_TASK_ROOT + '/cache.txt', 'x'); } catch { codeWritable = false; }
          return {
            calls, pid: process.pid, event, functionName: context.functionName, functionVersion: context.functionVersion,
            invokedFunctionArn: context.invokedFunctionArn, memoryLimitInMB: context.memoryLimitInMB, awsRequestId: context.awsRequestId,
            logGroupName: context.logGroupName, logStreamName: context.logStreamName, remaining: context.getRemainingTimeInMillis(),
            waits: context.callbackWaitsForEmptyEventLoop, env: process.env, tmp: os.tmpdir(), codeWritable,
          };
        };
        class BadInput extends Error { constructor(m) { super(m); this.name = 'BadInput'; } }
        export const fails = async (event) => { throw new BadInput('no good: ' + event.why); };
        export const sleeps = async () => { console.log('sleeping'); await new Promise((r) => setTimeout(r, 30000)); };
        export const notAFunction = 42;
        """;

    private const string CommonJs = """
        exports.callback = function (event, context, callback) {
          // The answer waits for the event loop to empty (the timer) unless told otherwise.
          let timerDone = false;
          setTimeout(() => { timerDone = true; }, 200);
          if (event.noWait) context.callbackWaitsForEmptyEventLoop = false;
          callback(null, { style: 'callback', noWait: !!event.noWait, get timerDone() { return timerDone; } });
        };
        exports.callbackError = (event, context, callback) => callback(new TypeError('callback failed'));
        exports.nested = { deeper: { handler: async () => 'nested' } };
        exports.succeeds = (event, context) => context.succeed('legacy succeed');
        """;

    private readonly ManagedRuntimeHost _host = new();

    [Fact]
    public async Task An_esm_async_handler_runs_warm_with_lambdas_context_environment_and_log_lines()
    {
        System.Environment.SetEnvironmentVariable("PLATFORM_TEST_SECRET", "do-not-leak");
        var code = _host.Code(("index.mjs", Esm));
        _host.Add("node", "nodejs20.x", "index.handler", code);

        var first = await _host.InvokeAsync("node", """{"n":1}""", "req-node-1");
        var second = await _host.InvokeAsync("node", """{"n":2}""", "req-node-2");

        Assert.True(first.Outcome == InvocationOutcome.Succeeded, $"{first.ErrorType}: {first.ErrorMessage}\n{first.Logs}");
        var a = JsonDocument.Parse(first.ResponsePayload!).RootElement;
        var b = JsonDocument.Parse(second.ResponsePayload!).RootElement;
        Assert.Equal(1, a.GetProperty("calls").GetInt32());
        Assert.Equal(2, b.GetProperty("calls").GetInt32());
        Assert.Equal(a.GetProperty("pid").GetInt32(), b.GetProperty("pid").GetInt32());
        Assert.Equal("node", a.GetProperty("functionName").GetString());
        Assert.Equal("$LATEST", a.GetProperty("functionVersion").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:node", a.GetProperty("invokedFunctionArn").GetString());
        Assert.Equal("256", a.GetProperty("memoryLimitInMB").GetString());
        Assert.Equal("req-node-1", a.GetProperty("awsRequestId").GetString());
        Assert.Equal("/aws/lambda/node", a.GetProperty("logGroupName").GetString());
        Assert.True(a.GetProperty("waits").GetBoolean());
        Assert.InRange(a.GetProperty("remaining").GetInt32(), 1, 30_000);

        var env = a.GetProperty("env");
        Assert.Equal("AWS_Lambda_nodejs20.x", env.GetProperty("AWS_EXECUTION_ENV").GetString());
        Assert.Equal("index.handler", env.GetProperty("_HANDLER").GetString());
        Assert.Equal(code, env.GetProperty("LAMBDA_TASK_ROOT").GetString());
        Assert.EndsWith(code, env.GetProperty("NODE_PATH").GetString());
        Assert.False(env.TryGetProperty("PLATFORM_TEST_SECRET", out _), "the platform's own environment leaked into the function");
        Assert.StartsWith(Path.Combine(_host.StateDirectory, "functions", "node", "tmp"), a.GetProperty("tmp").GetString());
        Assert.False(a.GetProperty("codeWritable").GetBoolean());

        Assert.Matches(@"\d{4}-\d\d-\d\dT[\d:.]+Z\treq-node-1\tINFO\thandling {""n"":1}\n", first.Logs);
        Assert.StartsWith("START RequestId: req-node-1 Version: $LATEST\n", first.Logs);
        Assert.Contains("\nEND RequestId: req-node-1\nREPORT RequestId: req-node-1\tDuration: ", first.Logs);
    }

    [Fact]
    public async Task A_commonjs_callback_handler_waits_for_the_empty_event_loop_unless_told_not_to()
    {
        _host.Add("cjs", "nodejs22.x", "lib/app.callback", _host.Code(("lib/app.js", CommonJs)));

        var waited = await _host.InvokeAsync("cjs", "{}");
        var immediate = await _host.InvokeAsync("cjs", """{"noWait":true}""");

        Assert.True(waited.Outcome == InvocationOutcome.Succeeded, $"{waited.ErrorType}: {waited.ErrorMessage}\n{waited.Logs}");
        Assert.Equal("""{"style":"callback","noWait":false,"timerDone":true}""", waited.ResponsePayload);
        Assert.Equal("""{"style":"callback","noWait":true,"timerDone":false}""", immediate.ResponsePayload);
    }

    [Theory]
    [InlineData("lib/app.nested.deeper.handler", "\"nested\"")]
    [InlineData("lib/app.succeeds", "\"legacy succeed\"")]
    public async Task Nested_exports_and_legacy_context_methods_work(string handler, string expected)
    {
        _host.Add("cjs-more", "nodejs22.x", handler, _host.Code(("lib/app.js", CommonJs)));

        var result = await _host.InvokeAsync("cjs-more", "{}");

        Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
        Assert.Equal(expected, result.ResponsePayload);
    }

    [Fact]
    public async Task A_js_file_under_package_json_type_module_is_an_es_module()
    {
        _host.Add("typemodule", "nodejs20.x", "index.handler", _host.Code(("package.json", """{"type":"module"}"""),
            ("index.js", "export const handler = async () => ({ esm: typeof require === 'undefined' });")));

        var result = await _host.InvokeAsync("typemodule", "{}");

        Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
        Assert.Equal("""{"esm":true}""", result.ResponsePayload);
    }

    [Fact]
    public async Task Thrown_and_called_back_errors_carry_the_error_name_message_and_trace()
    {
        _host.Add("node-fail", "nodejs20.x", "index.fails", _host.Code(("index.mjs", Esm)));
        _host.Add("cjs-fail", "nodejs20.x", "app.callbackError", _host.Code(("app.cjs", CommonJs)));

        var thrown = await _host.InvokeAsync("node-fail", """{"why":"empty"}""");
        var calledBack = await _host.InvokeAsync("cjs-fail", "{}");

        Assert.Equal(InvocationOutcome.Failed, thrown.Outcome);
        Assert.Equal("BadInput", thrown.ErrorType);
        Assert.Equal("no good: empty", thrown.ErrorMessage);
        Assert.Contains("\tERROR\tInvoke Error \t{\"errorType\":\"BadInput\",\"errorMessage\":\"no good: empty\"", thrown.Logs);
        var posted = JsonDocument.Parse(thrown.ErrorPayload!).RootElement;
        Assert.Equal(["errorType", "errorMessage", "trace"], posted.EnumerateObject().Select(p => p.Name));
        Assert.Equal("BadInput: no good: empty", posted.GetProperty("trace")[0].GetString());
        Assert.Equal("TypeError", calledBack.ErrorType);
        Assert.Equal("callback failed", calledBack.ErrorMessage);
    }

    [Fact]
    public async Task A_timeout_is_Task_timed_out()
    {
        _host.Add("node-slow", "nodejs20.x", "index.sleeps", _host.Code(("index.mjs", Esm)), timeout: TimeSpan.FromSeconds(1));

        var result = await _host.InvokeAsync("node-slow", "{}", "req-node-slow");

        Assert.Equal(InvocationOutcome.TimedOut, result.Outcome);
        Assert.Equal("RequestId: req-node-slow Error: Task timed out after 1.00 seconds", result.ErrorMessage);
        Assert.Contains("sleeping", result.Logs);
        Assert.Contains("req-node-slow Task timed out after 1.00 seconds\nEND RequestId: req-node-slow\n", result.Logs);
    }

    [Fact]
    public async Task Layers_node_modules_are_requireable()
    {
        var layer = _host.Code(("nodejs/node_modules/shared/index.js", "module.exports = 'from layer';"));
        _host.Add("node-layer", "nodejs20.x", "app.handler", _host.Code(("app.js", "exports.handler = async () => require('shared');")), layers: [layer]);

        var result = await _host.InvokeAsync("node-layer", "{}");

        Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
        Assert.Equal("\"from layer\"", result.ResponsePayload);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
