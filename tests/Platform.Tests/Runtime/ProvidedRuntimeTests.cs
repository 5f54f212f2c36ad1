using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Runtime;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;

namespace Platform.Tests.Runtime;

/// <summary>Lambda's OS-only runtimes (provided.al2, provided.al2023): the code folder's own
/// `bootstrap` is the runtime, here AWS's tutorial bootstrap.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProvidedRuntimeTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _code = RuntimeApiClients.CopyOf(RuntimeApiClients.BashTutorial);
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddPlatformRuntime(new RuntimeOptions { WatchFunctionCode = false })
        .BuildServiceProvider();

    [Theory]
    [InlineData("provided.al2")]
    [InlineData("provided.al2023")]
    public async Task The_code_folders_bootstrap_runs_the_function(string runtime)
    {
        Add("custom", runtime, _code.FullName);

        var result = await InvokeAsync("custom", """{"n":7}""");

        Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
        var response = JsonDocument.Parse(result.ResponsePayload!).RootElement;
        Assert.Equal(7, response.GetProperty("event").GetProperty("n").GetInt32());
        Assert.Equal(_code.FullName, response.GetProperty("root").GetString());
    }

    [Fact]
    public async Task A_code_folder_without_bootstrap_is_Runtime_InvalidEntrypoint()
    {
        var empty = Directory.CreateTempSubdirectory("provided-empty-");
        try
        {
            Add("nobootstrap", "provided.al2023", empty.FullName);

            var result = await InvokeAsync("nobootstrap", "{}");

            Assert.Equal(InvocationOutcome.Failed, result.Outcome);
            Assert.Equal("Runtime.InvalidEntrypoint", result.ErrorType);
            Assert.Contains("Couldn't find valid bootstrap(s)", result.ErrorMessage);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    private void Add(string name, string runtime, string code) =>
        _services.GetRequiredService<FunctionRegistry>().AddOrReplace(new FunctionDefinition
        {
            Name = name,
            Runtime = runtime,
            CodeDirectory = code,
            Handler = "function.handler",
            Timeout = TimeSpan.FromSeconds(30),
        });

    private Task<FunctionInvoked> InvokeAsync(string function, string payload) =>
        _services.GetRequiredService<FunctionInvoker>().InvokeAsync(new InvokeFunction
        {
            RequestId = Guid.NewGuid().ToString(),
            FunctionName = function,
            Payload = payload,
            Trigger = "test",
        }, CancellationToken.None).WaitAsync(Wait);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _code.Delete(recursive: true);
    }
}
