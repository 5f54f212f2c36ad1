using System.Runtime.Loader;
using System.Security.Cryptography;
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

namespace Platform.Tests.Runtime;

/// <summary>Loading the real sample function from its build output, as the host does from platform.yaml.</summary>
public sealed class DotnetAssemblyLoaderTests
{
    private static readonly FunctionDefinition Sample = new()
    {
        Name = "object-summary",
        Assembly = RepositoryPaths.ObjectSummaryAssembly,
        Handler = "ObjectSummary::ObjectSummary.SummarizeUpload",
        Timeout = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public void Sample_type_resolves_as_an_s3_function_with_the_hosts_contract_types()
    {
        using var services = Services();

        var type = services.GetRequiredService<DotnetAssemblyLoader>().LoadFunctionType(Sample);

        var contract = Assert.Single(type.GetInterfaces(), i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IFunction<,>));
        Assert.Equal(typeof(S3Event), contract.GetGenericArguments()[0]);
        Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(type.Assembly));
    }

    [Fact]
    public async Task Sample_summarises_an_upload_using_its_own_awssdk()
    {
        await using var s3 = await FakeS3.StartAsync();
        var text = "hello world\nsecond line here\n";
        s3.Objects["uploads/docs/hello world.txt"] = (Encoding.UTF8.GetBytes(text), "text/plain");
        using var services = Services(new RuntimeOptions { EdgeUrl = s3.Url });
        var registry = services.GetRequiredService<FunctionRegistry>();
        registry.AddOrReplace(Sample with { Environment = new Dictionary<string, string> { ["OUTPUT_BUCKET"] = "processed" } });

        var result = await services.GetRequiredService<FunctionInvoker>().InvokeAsync(new InvokeFunction
        {
            RequestId = "r-1",
            FunctionName = "object-summary",
            Trigger = "s3:uploads",
            Payload = FunctionJson.Serialize(new S3Event
            {
                Records =
                [
                    Upload("uploads", S3ObjectKey.Encode("docs/hello world.txt")),
                    Upload("uploads", "docs/old.txt.summary.json"),
                ],
            }),
        }, CancellationToken.None);

        Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}");
        Assert.Equal("""{"summarized":1,"skipped":1,"summaries":["processed/docs/hello world.txt.summary.json"]}""", result.ResponsePayload);
        var summary = JsonNode.Parse(s3.Objects["processed/docs/hello world.txt.summary.json"].Body)!;
        Assert.Equal(text.Length, (long)summary["size"]!);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), (string)summary["sha256"]!);
        Assert.Equal(2, (long)summary["lines"]!);
        Assert.Equal(5, (long)summary["words"]!);
        Assert.Equal("text/plain", (string)summary["contentType"]!);

        // Other tests in this process may load the sample under other function names: every copy
        // of the SDK must come from a function's own context and the function's folder.
        var awsSdks = AssemblyLoadContext.All.SelectMany(c => c.Assemblies).Where(a => a.GetName().Name == "AWSSDK.S3").ToList();
        Assert.NotEmpty(awsSdks);
        Assert.All(awsSdks, awsSdk =>
        {
            Assert.StartsWith("function:", AssemblyLoadContext.GetLoadContext(awsSdk)!.Name);
            Assert.Equal(Path.GetDirectoryName(RepositoryPaths.ObjectSummaryAssembly), Path.GetDirectoryName(awsSdk.Location));
        });
    }

    [Fact]
    public void Missing_assembly_names_the_function_and_the_path()
    {
        using var services = Services();

        var error = Assert.Throws<FunctionLoadException>(() => services.GetRequiredService<FunctionRegistry>()
            .AddOrReplace(Sample with { Assembly = "/nowhere/ObjectSummary.dll" }));

        Assert.Contains("Function 'object-summary'", error.Message);
        Assert.Contains("/nowhere/ObjectSummary.dll", error.Message);
    }

    [Fact]
    public void Unknown_type_is_named()
    {
        using var services = Services();

        var error = Assert.Throws<FunctionLoadException>(() => services.GetRequiredService<DotnetAssemblyLoader>()
            .LoadFunctionType(Sample with { Handler = "ObjectSummary::ObjectSummary.Nope" }));

        Assert.Contains("'ObjectSummary.Nope' was not found", error.Message);
        Assert.Contains("ObjectSummary.SummarizeUpload", error.Message);
    }

    [Fact]
    public void Type_that_is_not_a_function_is_rejected()
    {
        using var services = Services();

        var error = Assert.Throws<FunctionLoadException>(() => services.GetRequiredService<FunctionRegistry>()
            .AddOrReplace(Sample with { Handler = "ObjectSummary::ObjectSummary.ObjectSummaryDocument" }));

        Assert.Contains("does not implement Platform.Functions.IFunction<TEvent, TResult>", error.Message);
    }

    [Theory]
    [InlineData("ObjectSummary")]
    [InlineData("ObjectSummary::")]
    [InlineData("Other::ObjectSummary.SummarizeUpload")]
    public void Bad_handler_strings_are_rejected(string handler)
    {
        using var services = Services();

        var error = Assert.Throws<FunctionLoadException>(() => services.GetRequiredService<FunctionRegistry>()
            .AddOrReplace(Sample with { Handler = handler }));

        Assert.Contains("Function 'object-summary'", error.Message);
    }

    private static ServiceProvider Services(RuntimeOptions? options = null) =>
        new ServiceCollection().AddPlatformRuntime(options).BuildServiceProvider();

    private static S3EventRecord Upload(string bucket, string encodedKey) => new()
    {
        AwsRegion = "us-east-1",
        EventTime = DateTimeOffset.UtcNow,
        EventName = "ObjectCreated:Put",
        S3 = new S3Entity
        {
            ConfigurationId = "summaries",
            Bucket = new S3BucketEntity { Name = bucket, Arn = "arn:aws:s3:::" + bucket },
            Object = new S3ObjectEntity { Key = encodedKey, Size = 1, Sequencer = "0A" },
        },
    };
}
