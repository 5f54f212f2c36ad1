using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Runtime;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;

namespace Platform.Tests.Runtime;

/// <summary>
/// AWS's own Node.js Runtime Interface Client (npm aws-lambda-ric, native HTTP client inside)
/// against the platform's Runtime API: what it parses from /next reaches the handler's context,
/// a thrown error, an oversized response and a missing handler each come back as Lambda reports them.
/// </summary>
public sealed class NodeRuntimeInterfaceClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static string ClientDirectory => Path.Combine(RepositoryPaths.Root, "tests", "clients", "runtime-api", "node-ric");

    private readonly ServiceProvider _services = new ServiceCollection()
        .AddPlatformRuntime(new RuntimeOptions { WatchFunctionCode = false })
        .BuildServiceProvider();

    [Fact]
    public async Task The_node_client_runs_a_handler_with_lambdas_context()
    {
        var result = await InvokeAsync("index.handler", """{"name":"x"}""", "req-node-1");

        Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
        var response = JsonDocument.Parse(result.ResponsePayload!).RootElement;
        Assert.Equal("req-node-1", response.GetProperty("requestId").GetString());
        Assert.True(response.GetProperty("remaining").GetBoolean());
        Assert.Equal("node-fn", response.GetProperty("fn").GetString());
        Assert.Contains("node handling {\"name\":\"x\"} req-node-1", result.Logs);
    }

    [Fact]
    public async Task A_thrown_error_is_the_functions_error_with_its_type()
    {
        var result = await InvokeAsync("index.handler", """{"fail":"no"}""", "req-node-2");

        Assert.Equal(InvocationOutcome.Failed, result.Outcome);
        Assert.Equal("TypeError", result.ErrorType);
        Assert.Equal("bad input: no", result.ErrorMessage);
    }

    [Fact]
    public async Task An_oversized_response_is_Function_ResponseSizeTooLarge()
    {
        var result = await InvokeAsync("index.handler", """{"big":true}""", "req-node-3");

        Assert.Equal(InvocationOutcome.Failed, result.Outcome);
        Assert.Equal("Function.ResponseSizeTooLarge", result.ErrorType);
    }

    [Fact]
    public async Task A_missing_handler_is_reported_through_init_error()
    {
        var result = await InvokeAsync("missing.handler", "{}", "req-node-4");

        Assert.Equal(InvocationOutcome.Failed, result.Outcome);
        Assert.Equal("Runtime.ImportModuleError", result.ErrorType);
        Assert.Contains("missing", result.ErrorMessage);
    }

    private Task<FunctionInvoked> InvokeAsync(string handler, string payload, string requestId)
    {
        var client = Path.Combine(ClientDirectory, "node_modules", "aws-lambda-ric", "bin", "index.mjs");
        Assert.True(File.Exists(client), $"{client} is missing: `./build.sh test` installs it (npm ci in {ClientDirectory}).");
        _services.GetRequiredService<FunctionRegistry>().AddOrReplace(new FunctionDefinition
        {
            Name = "node-fn",
            Runtime = "process",
            Command = ["node", client, handler],
            CodeDirectory = ClientDirectory,
            Handler = handler,
            Timeout = TimeSpan.FromSeconds(30),
            MemorySize = 512,
        });
        return _services.GetRequiredService<FunctionInvoker>().InvokeAsync(new InvokeFunction
        {
            RequestId = requestId,
            FunctionName = "node-fn",
            Payload = payload,
            Trigger = "test",
        }, CancellationToken.None).WaitAsync(Wait);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _services.DisposeAsync();
}
