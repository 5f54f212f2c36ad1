using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Functions;
using Platform.Functions.Events;
using Platform.Runtime;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;
using Platform.Runtime.Processes;

namespace Platform.Tests.Runtime;

/// <summary>The same .NET function project, unchanged, in its own process (isolation: process):
/// `platform function-host` loads it as Lambda's .NET runtime would and serves it over the Runtime API.</summary>
public sealed class DotnetProcessIsolationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    private static RuntimeOptions Options(string edgeUrl) => new()
    {
        EdgeUrl = edgeUrl,
        WatchFunctionCode = false,
        DotnetFunctionHost = ["dotnet", Path.Combine(AppContext.BaseDirectory, "platform.dll"), "function-host"],
    };

    [Fact]
    public async Task The_sample_runs_out_of_process_in_a_warm_process_with_its_logs_captured()
    {
        await using var s3 = await FakeS3.StartAsync();
        s3.Objects["uploads/a.txt"] = (Encoding.UTF8.GetBytes("one two\nthree\n"), "text/plain");
        await using var services = new ServiceCollection().AddPlatformRuntime(Options(s3.Url)).BuildServiceProvider();
        var registry = services.GetRequiredService<FunctionRegistry>();
        registry.AddOrReplace(new FunctionDefinition
        {
            Name = "summary-process",
            Assembly = RepositoryPaths.ObjectSummaryAssembly,
            Handler = "ObjectSummary::ObjectSummary.SummarizeUpload",
            Isolation = "process",
            MemorySize = 512,
            Timeout = TimeSpan.FromSeconds(60),
            Environment = new Dictionary<string, string> { ["OUTPUT_BUCKET"] = "processed" },
        });

        var first = await InvokeAsync(services, "summary-process", Upload("a.txt"));
        var second = await InvokeAsync(services, "summary-process", Upload("a.txt"));

        Assert.True(first.Outcome == InvocationOutcome.Succeeded, $"{first.ErrorType}: {first.ErrorMessage}\n{first.Logs}");
        Assert.Equal("""{"summarized":1,"skipped":0,"summaries":["processed/a.txt.summary.json"]}""", first.ResponsePayload);
        Assert.Equal(InvocationOutcome.Succeeded, second.Outcome);
        Assert.Equal(3, (long)JsonNode.Parse(s3.Objects["processed/a.txt.summary.json"].Body)!["words"]!);
        Assert.Equal(1, ((ProcessPool)registry.Get("summary-process")!.Handler).ProcessCount);
        Assert.NotNull(first.Logs);
    }

    [Theory]
    [InlineData("dotnet8")]
    [InlineData("dotnet10")]
    public async Task Lambdas_dotnet_runtimes_run_a_class_library_handler_from_its_code_folder(string runtime)
    {
        await using var s3 = await FakeS3.StartAsync();
        s3.Objects["uploads/b.txt"] = (Encoding.UTF8.GetBytes("four five six\n"), "text/plain");
        await using var services = new ServiceCollection().AddPlatformRuntime(Options(s3.Url)).BuildServiceProvider();
        services.GetRequiredService<FunctionRegistry>().AddOrReplace(new FunctionDefinition
        {
            Name = "summary-" + runtime,
            Runtime = runtime,
            CodeDirectory = Path.GetDirectoryName(RepositoryPaths.ObjectSummaryAssembly),
            Handler = "ObjectSummary::ObjectSummary.SummarizeUpload::HandleAsync",
            MemorySize = 512,
            Timeout = TimeSpan.FromSeconds(60),
            Environment = new Dictionary<string, string> { ["OUTPUT_BUCKET"] = "processed" },
        });

        var result = await InvokeAsync(services, "summary-" + runtime, Upload("b.txt"));

        Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
        Assert.Equal(3, (long)JsonNode.Parse(s3.Objects["processed/b.txt.summary.json"].Body)!["words"]!);
        Assert.StartsWith("START RequestId: ", result.Logs);
    }

    [Fact]
    public async Task A_handler_that_does_not_load_is_an_init_error_of_its_process()
    {
        await using var services = new ServiceCollection().AddPlatformRuntime(Options("http://127.0.0.1:1")).BuildServiceProvider();
        var registry = services.GetRequiredService<FunctionRegistry>();
        // Valid when configured; the build that the process then loads lacks the type.
        registry.AddOrReplace(new FunctionDefinition
        {
            Name = "renamed",
            Runtime = "process",
            Command = ["dotnet", Path.Combine(AppContext.BaseDirectory, "platform.dll"), "function-host"],
            CodeDirectory = Path.GetDirectoryName(RepositoryPaths.ObjectSummaryAssembly),
            Handler = "ObjectSummary::ObjectSummary.Gone",
            Timeout = TimeSpan.FromSeconds(60),
        });

        var result = await InvokeAsync(services, "renamed", "{}");

        Assert.Equal(InvocationOutcome.Failed, result.Outcome);
        Assert.Equal(nameof(FunctionLoadException), result.ErrorType);
        Assert.Contains("ObjectSummary.Gone", result.ErrorMessage);
    }

    private static string Upload(string key) => FunctionJson.Serialize(new S3Event
    {
        Records =
        [
            new S3EventRecord
            {
                EventName = "ObjectCreated:Put",
                S3 = new S3Entity { Bucket = new S3BucketEntity { Name = "uploads" }, Object = new S3ObjectEntity { Key = key, Size = 14 } },
            },
        ],
    });

    private static Task<FunctionInvoked> InvokeAsync(IServiceProvider services, string function, string payload) =>
        services.GetRequiredService<FunctionInvoker>().InvokeAsync(new InvokeFunction
        {
            RequestId = Guid.NewGuid().ToString(),
            FunctionName = function,
            Payload = payload,
            Trigger = "test",
        }, CancellationToken.None).WaitAsync(Wait);
}
