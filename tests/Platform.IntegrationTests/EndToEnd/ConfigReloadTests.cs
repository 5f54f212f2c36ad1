using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>
/// platform.yaml edited under a running `platform up`: a new function with an S3 trigger on a new
/// bucket runs without a restart; an invalid edit is refused with the file and line while the
/// running version keeps working; removing the function again keeps its bucket. Every step waits
/// for the platform's own log line, never for time to pass.
/// </summary>
public sealed class ConfigReloadTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static string Assembly => Path.Combine(RepositoryPaths.Root, "samples", "ObjectSummary", "bin", "function", "ObjectSummary.dll");

    [Fact]
    public async Task Edits_to_platform_yaml_apply_while_running_and_an_invalid_edit_keeps_the_previous_configuration()
    {
        var dir = Directory.CreateTempSubdirectory("platform-reload-");
        var config = Path.Combine(dir.FullName, "platform.yaml");
        var input = Path.Combine(dir.FullName, "notes.txt");
        await File.WriteAllTextAsync(input, "one two\nthree\n");
        await File.WriteAllTextAsync(config, Yaml(archive: null));
        var platform = await PlatformProcess.StartAsync(config, Path.Combine(dir.FullName, "data"));
        try
        {
            var aws = new AwsCli(platform.Endpoint);
            using var admin = new PlatformAdminClient(platform.Endpoint);

            // 1. A new function whose trigger watches a bucket that does not exist yet.
            await File.WriteAllTextAsync(config, Yaml(archive: "30s"));
            var reloaded = await platform.WaitForLineAsync(l => l.Contains("Reloaded ", StringComparison.Ordinal), Timeout);
            Assert.Contains("functions added: archive", reloaded);
            Assert.Contains("S3 triggers added: incoming → archive", reloaded);
            Assert.Contains("buckets created: incoming", reloaded);

            await aws.RunOkAsync("s3", "cp", input, "s3://incoming/docs/notes.txt");
            var invocation = Assert.Single(await admin.WaitForInvocationsAsync("archive", 1, Timeout));
            Assert.Equal("Succeeded", invocation.GetProperty("outcome").GetString());
            var summary = JsonDocument.Parse(await aws.RunOkAsync("s3", "cp", "s3://processed/docs/notes.txt.summary.json", "-")).RootElement;
            Assert.Equal(2, summary.GetProperty("lines").GetInt32());
            var archive = Assert.Single((await admin.GetAsync("/_platform/functions")).EnumerateArray(),
                f => f.GetProperty("name").GetString() == "archive");
            Assert.Contains(archive.GetProperty("triggers").EnumerateArray(), t => t.GetProperty("source").GetString() == "s3:incoming");

            // 2. An invalid edit: one error line with file and line; the running version stays.
            var invalid = Yaml(archive: "forever");
            var line = Array.FindIndex(invalid.Split('\n'), l => l.Contains("forever", StringComparison.Ordinal)) + 1;
            await File.WriteAllTextAsync(config, invalid);
            var rejected = await platform.WaitForLineAsync(l => l.Contains("Reload rejected", StringComparison.Ordinal), Timeout);
            Assert.Contains($"{config}:{line}: functions.archive.timeout must be a duration", rejected);
            // Each write raised several change events; the quiet period made one reload of each.
            Assert.Single(platform.Output.Split('\n'), l => l.Contains("Reloaded ", StringComparison.Ordinal));

            await aws.RunOkAsync("s3", "cp", input, "s3://incoming/docs/again.txt");
            Assert.Equal(2, (await admin.WaitForInvocationsAsync("archive", 2, Timeout, outcome: "Succeeded")).Length);
            await aws.RunOkAsync("s3", "cp", input, "s3://uploads/still.txt");
            await admin.WaitForInvocationsAsync("summarize", 1, Timeout, outcome: "Succeeded");

            // 3. The function removed again: its trigger goes, its bucket is kept and said so.
            await File.WriteAllTextAsync(config, Yaml(archive: null));
            var removed = await platform.WaitForLineAsync(l => l.Contains("functions removed: archive", StringComparison.Ordinal), Timeout);
            Assert.Contains("S3 triggers removed: incoming → archive", removed);
            await platform.WaitForLineAsync(l => l.Contains("no longer declares bucket 'incoming'", StringComparison.Ordinal), Timeout);
            Assert.DoesNotContain((await admin.GetAsync("/_platform/functions")).EnumerateArray(),
                f => f.GetProperty("name").GetString() == "archive");
            Assert.Contains("\"incoming\"", await aws.RunOkAsync("s3api", "list-buckets"));
            Assert.False(platform.HasExited);
        }
        finally
        {
            await platform.DisposeAsync();
            dir.Delete(recursive: true);
        }
    }

    /// <summary>samples/platform.yaml with the sample assembly's absolute path, plus the function
    /// <c>archive</c> when <paramref name="archive"/> (its timeout) is given.</summary>
    private static string Yaml(string? archive)
    {
        var yaml = $$"""
            region: us-east-1
            buckets: [uploads, processed]
            queues:
              - name: summarize-failures
            functions:
              summarize:
                runtime: dotnet
                assembly: {{Assembly}}
                handler: ObjectSummary::ObjectSummary.SummarizeUpload
                timeout: 30s
                concurrency: 4
                memory: 256
                environment:
                  OUTPUT_BUCKET: processed
                async:
                  maximumRetryAttempts: 2
                  maximumEventAgeInSeconds: 3600
                  retryDelays: [1s, 2s]
                  onFailure: summarize-failures
                triggers:
                  - s3:
                      bucket: uploads
                      events: ["s3:ObjectCreated:*"]

            """;
        if (archive is not null)
        {
            yaml += $$"""
                  archive:
                    assembly: {{Assembly}}
                    handler: ObjectSummary::ObjectSummary.SummarizeUpload
                    timeout: {{archive}}
                    concurrency: 2
                    environment: { OUTPUT_BUCKET: processed }
                    triggers:
                      - s3: { bucket: incoming, prefix: docs/ }

                """;
        }

        return yaml;
    }
}
