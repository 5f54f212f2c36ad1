using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Runtimes;

/// <summary>The sample stack's Lambda-style functions: `thumbs` (python3.12, boto3, an S3 trigger)
/// and `greet` (nodejs20.x, an ES module), as samples/platform.yaml declares them.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SampleRuntimeFunctionTests
{
    [Fact]
    public async Task A_photo_upload_runs_the_python_sample_and_greet_answers_an_invoke()
    {
        await using var platform = await PlatformProcess.StartAsync(RepositoryPaths.SampleConfig, "unused", extraArguments: "--in-memory");
        var aws = new AwsCli(platform.Endpoint);
        using var admin = new PlatformAdminClient(platform.Endpoint);
        var file = Path.GetTempFileName();
        var output = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "not really a jpeg");
            await aws.RunOkAsync("s3", "cp", file, "s3://photos/cats/tom.jpg", "--content-type", "image/jpeg");

            var invocation = Assert.Single(await admin.WaitForInvocationsAsync("thumbs", 1, TimeSpan.FromSeconds(60)));
            Assert.True(invocation.GetProperty("outcome").GetString() == "Succeeded", invocation.ToString());
            Assert.Contains("recorded s3://photos/cats/tom.jpg as s3://processed/thumbs/cats/tom.jpg.json", invocation.GetProperty("logs").GetString());
            var summary = JsonDocument.Parse(await aws.RunOkAsync("s3", "cp", "s3://processed/thumbs/cats/tom.jpg.json", "-")).RootElement;
            Assert.Equal(17, summary.GetProperty("size").GetInt64());
            Assert.Equal("image/jpeg", summary.GetProperty("contentType").GetString());

            await aws.RunOkAsync("lambda", "invoke", "--function-name", "greet", "--cli-binary-format", "raw-in-base64-out",
                "--payload", """{"name":"Ada"}""", output);
            var greeting = JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement;
            Assert.Equal("Hello, Ada!", greeting.GetProperty("greeting").GetString());
            Assert.Equal(1, greeting.GetProperty("invocations").GetInt32());
        }
        finally
        {
            File.Delete(file);
            File.Delete(output);
        }
    }
}
