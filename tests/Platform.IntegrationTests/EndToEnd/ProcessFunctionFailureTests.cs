using System.Text.Json;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.State;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>
/// Process functions (AWS's tutorial bootstrap, bash + curl) behind S3 triggers in a real
/// `platform up`: a crash, a timeout, an init error, a runtime that never asks for work and a
/// response over 6 MB each fail with Lambda's error type, are retried as async invocations are,
/// and end on the on-failure queue as AWS's destination record; a healthy one succeeds with its
/// log. Stopping the platform stops every function process.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProcessFunctionFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static readonly (string Function, string Handler, string ErrorType)[] Failing =
    [
        ("crashes", "crash.handler", "Runtime.ExitError"),
        ("hangs", "slow.handler", "Sandbox.Timedout"),
        ("init-fails", "init-error.handler", "Runtime.ConfigError"),
        ("never-asks", "never-next.handler", "Sandbox.Timedout"),
        ("oversized", "big.handler", "Function.ResponseSizeTooLarge"),
    ];

    [Fact]
    public async Task Each_process_failure_is_retried_then_lands_on_the_on_failure_queue_with_lambdas_error_type()
    {
        var dir = Directory.CreateTempSubdirectory("platform-process-");
        var code = FunctionCode.CopyTo(FunctionCode.BashTutorial, Path.Combine(dir.FullName, "fn"));
        var config = Path.Combine(dir.FullName, "platform.yaml");
        await File.WriteAllTextAsync(config, Yaml());
        var input = Path.Combine(dir.FullName, "input.json");
        await File.WriteAllTextAsync(input, "{}");
        var platform = await PlatformProcess.StartAsync(config, Path.Combine(dir.FullName, "data"));
        try
        {
            var aws = new AwsCli(platform.Endpoint);
            using var admin = new PlatformAdminClient(platform.Endpoint);
            await aws.RunOkAsync("s3", "cp", input, "s3://inbox/hello/a.json");
            foreach (var (function, _, _) in Failing)
                await aws.RunOkAsync("s3", "cp", input, $"s3://inbox/{function}/a.json");

            var ok = Assert.Single(await admin.WaitForInvocationsAsync("hello", 1, Timeout));
            Assert.Equal("Succeeded", ok.GetProperty("outcome").GetString());
            Assert.Contains("handling {\"Records\"", ok.GetProperty("logs").GetString());

            var logs = new Dictionary<string, JsonElement[]>();
            foreach (var (function, _, _) in Failing)
                logs[function] = await admin.WaitForInvocationsAsync(function, 2, Timeout);

            // SIGTERM drains the triggers, so every destination record is stored; the platform's own
            // database then tells what its on-failure queue holds.
            Assert.Equal(0, (await platform.StopAsync(TimeSpan.FromSeconds(30))) ?? -1);
            Assert.Empty(FunctionCode.ProcessesMentioning(code));
            var records = await DestinationRecordsAsync(Path.Combine(dir.FullName, "data"));

            foreach (var (function, _, errorType) in Failing)
            {
                Assert.True(records.TryGetValue(function, out var record), $"no destination record for {function}; got {string.Join(", ", records.Keys)}\n{platform.Output}");
                Assert.Equal("RetriesExhausted", record.GetProperty("requestContext").GetProperty("condition").GetString());
                Assert.Equal(2, record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
                Assert.Equal(errorType, record.GetProperty("responsePayload").GetProperty("errorType").GetString());
                Assert.Equal($"{function}/a.json", record.GetProperty("requestPayload").GetProperty("Records")[0]
                    .GetProperty("s3").GetProperty("object").GetProperty("key").GetString());

                var attempts = logs[function];
                Assert.Equal([2, 1], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
                Assert.All(attempts, a => Assert.Equal(errorType == "Sandbox.Timedout" ? "TimedOut" : "Failed", a.GetProperty("outcome").GetString()));
                Assert.All(attempts, a => Assert.StartsWith(errorType + ":", a.GetProperty("error").GetString()));
            }

        }
        finally
        {
            await platform.DisposeAsync();
            dir.Delete(recursive: true);
        }
    }

    private static async Task<Dictionary<string, JsonElement>> DestinationRecordsAsync(string dataDir)
    {
        var records = new Dictionary<string, JsonElement>();
        await using var database = new PlatformDatabase(DataDirectory.Open(dataDir));
        var queues = new QueueEngine(database, TimeProvider.System, new QueueEngineOptions());
        while (true)
        {
            var received = await queues.ReceiveMessagesAsync("failures", new ReceiveRequest { MaxNumberOfMessages = 10 });
            if (received.Count == 0)
                return records;
            foreach (var message in received)
            {
                var record = JsonDocument.Parse(message.Body).RootElement.Clone();
                var arn = record.GetProperty("requestContext").GetProperty("functionArn").GetString()!;
                var name = System.Text.RegularExpressions.Regex.Match(arn, "function:([^:]+)").Groups[1].Value;
                Assert.True(records.TryAdd(name, record), $"two destination records for {name}");
            }
        }
    }

    private static string Yaml()
    {
        var yaml = """
            buckets: [inbox]
            queues: [failures]
            functions:
              hello:
                runtime: process
                command: ["./bootstrap"]
                directory: fn
                handler: function.handler
                triggers:
                  - s3: { bucket: inbox, prefix: hello/ }

            """;
        foreach (var (function, handler, _) in Failing)
        {
            yaml += $$"""
                  {{function}}:
                    runtime: process
                    command: ["./bootstrap"]
                    directory: fn
                    handler: {{handler}}
                    timeout: 2s
                    async: { maximumRetryAttempts: 1, retryDelays: [100ms], onFailure: failures }
                    triggers:
                      - s3: { bucket: inbox, prefix: {{function}}/ }

                """;
        }

        return yaml;
    }
}
