using System.Text.RegularExpressions;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>
/// A process function's code is replaced while S3 events flow through a real `platform up`: the
/// platform reloads it without a restart, invocations already running finish on the old code, later
/// ones run the new code, and every event is invoked exactly once — none lost, none run twice.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class ProcessHotReloadTests
{
    private const int Events = 40;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Swapping_the_code_while_events_flow_loses_and_repeats_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("platform-hot-");
        var code = FunctionCode.CopyTo(FunctionCode.BashTutorial, Path.Combine(dir.FullName, "fn"));
        await File.WriteAllTextAsync(Path.Combine(code, "version.txt"), "v1");
        var config = Path.Combine(dir.FullName, "platform.yaml");
        await File.WriteAllTextAsync(config, """
            buckets: [inbox]
            functions:
              hot:
                runtime: process
                command: ["./bootstrap"]
                directory: fn
                handler: versioned.handler
                concurrency: 3
                timeout: 30s
                triggers:
                  - s3: { bucket: inbox }
            """);
        var platform = await PlatformProcess.StartAsync(config, Path.Combine(dir.FullName, "data"));
        try
        {
            using var admin = new PlatformAdminClient(platform.Endpoint);
            var uploads = Boto3.RunAsync(platform.Endpoint, $$"""
                import boto3, os
                s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
                for i in range({{Events}}):
                    s3.put_object(Bucket="inbox", Key=f"event-{i:02}.json", Body=b"{}")
                """);

            // Swapped as a build or an editor does: a new file renamed over the old one.
            await admin.WaitForInvocationsAsync("hot", 3, Timeout);
            var staged = Path.Combine(code, "version.txt.new");
            await File.WriteAllTextAsync(staged, "v2");
            File.Move(staged, Path.Combine(code, "version.txt"), overwrite: true);
            await platform.WaitForLineAsync(l => l.Contains("Reloaded the code of hot", StringComparison.Ordinal), Timeout);
            (await uploads).EnsureSuccess();

            var log = await admin.WaitForInvocationsAsync("hot", Events, Timeout);
            var processed = log.Select(e => ProcessedLine().Match(e.GetProperty("logs").GetString() ?? "")).ToList();
            Assert.All(log, e => Assert.Equal("Succeeded", e.GetProperty("outcome").GetString()));
            Assert.All(log, e => Assert.Equal(1, e.GetProperty("attempt").GetInt32()));
            Assert.All(processed, m => Assert.True(m.Success));
            Assert.Equal(Events, processed.Select(m => m.Groups["key"].Value).Distinct().Count());
            Assert.Equal(Events, log.Select(e => e.GetProperty("requestId").GetString()).Distinct().Count());
            Assert.Contains(processed, m => m.Groups["version"].Value == "v1");
            Assert.Contains(processed, m => m.Groups["version"].Value == "v2");
            // Newest first: once v2 ran, nothing later ran v1.
            var newestV1 = processed.FindIndex(m => m.Groups["version"].Value == "v1");
            var oldestV2 = processed.FindLastIndex(m => m.Groups["version"].Value == "v2");
            Assert.True(oldestV2 >= newestV1 - 3, "v1 ran well after v2 had started: " + string.Join(", ", processed.Select(m => m.Value)));

            Assert.Equal(0, (await platform.StopAsync(TimeSpan.FromSeconds(30))) ?? -1);
            Assert.Equal(Events, Regex.Matches(platform.Output, "Invoked hot ").Count);
        }
        finally
        {
            await platform.DisposeAsync();
            dir.Delete(recursive: true);
        }
    }

    [GeneratedRegex("processed \"key\":\"(?<key>[^\"]+)\" with (?<version>v\\d)")]
    private static partial Regex ProcessedLine();
}
