using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>SQS triggers follow edits of platform.yaml: a disabled trigger does not poll, enabling it
/// in the file starts it, a mapping AWS would refuse is one error line naming the file and line,
/// and removing it from the file deletes it.</summary>
public sealed class SqsMappingReloadTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static string Assembly => Path.Combine(RepositoryPaths.Root, "samples", "OrderReceipts", "bin", "function", "OrderReceipts.dll");

    private static string Yaml(string? trigger, string timeout = "5s") => $$"""
        buckets: [processed]
        queues:
          - name: orders
            attributes: { VisibilityTimeout: "10" }
        functions:
          record-orders:
            assembly: {{Assembly}}
            handler: OrderReceipts::OrderReceipts.RecordOrders
            timeout: {{timeout}}
            environment: { OUTPUT_BUCKET: processed }
        {{(trigger is null ? "" : "    triggers:\n      - sqs: " + trigger)}}
        """;

    [Fact]
    public async Task Enabling_changing_and_removing_a_trigger_in_the_file_applies_while_running()
    {
        var dir = Directory.CreateTempSubdirectory("platform-sqs-reload-");
        var config = Path.Combine(dir.FullName, "platform.yaml");
        await File.WriteAllTextAsync(config, Yaml("{ queue: orders, enabled: false }"));
        var platform = await PlatformProcess.StartAsync(config, Path.Combine(dir.FullName, "data"));
        try
        {
            var aws = new AwsCli(platform.Endpoint);
            using var admin = new PlatformAdminClient(platform.Endpoint);
            var url = JsonDocument.Parse(await aws.RunOkAsync("sqs", "get-queue-url", "--queue-name", "orders")).RootElement.GetProperty("QueueUrl").GetString()!;
            await aws.RunOkAsync("sqs", "send-message", "--queue-url", url, "--message-body", """{"orderId":"waited"}""");
            var mapping = await MappingAsync(admin);
            Assert.Equal(("Disabled", false), (mapping.GetProperty("state").GetString(), mapping.GetProperty("running").GetBoolean()));
            Assert.Equal("1", await VisibleAsync(aws, url));

            // 1. Enabled in the file: the waiting message is processed.
            await File.WriteAllTextAsync(config, Yaml("{ queue: orders, enabled: true }"));
            Assert.Contains("event source mappings changed: arn:aws:sqs:us-east-1:000000000000:orders → record-orders",
                await platform.WaitForLineAsync(l => l.Contains("Reloaded ", StringComparison.Ordinal), Timeout));
            Assert.Equal("Succeeded", Assert.Single(await admin.WaitForInvocationsAsync("record-orders", 1, Timeout)).GetProperty("outcome").GetString());
            Assert.Contains("waited", await aws.RunOkAsync("s3", "cp", "s3://processed/receipts/waited.json", "-"));

            // 2. A function timeout longer than the queue's visibility timeout: rejected at the trigger's line.
            var invalid = Yaml("{ queue: orders }", timeout: "20s");
            var line = Array.FindIndex(invalid.Split('\n'), l => l.Contains("- sqs:", StringComparison.Ordinal)) + 1;
            await File.WriteAllTextAsync(config, invalid);
            var rejected = await platform.WaitForLineAsync(l => l.Contains("Reload rejected", StringComparison.Ordinal), Timeout);
            Assert.Contains($"{config}:{line}: the trigger on arn:aws:sqs:us-east-1:000000000000:orders: Queue visibility timeout: 10 seconds is less than Function timeout: 20 seconds", rejected);
            Assert.True((await MappingAsync(admin)).GetProperty("running").GetBoolean());

            // 3. Gone from the file: the mapping is deleted.
            await File.WriteAllTextAsync(config, Yaml(null));
            Assert.Contains("event source mappings removed",
                await platform.WaitForLineAsync(l => l.Contains("Reloaded ", StringComparison.Ordinal) && l.Contains("removed", StringComparison.Ordinal), Timeout));
            var function = Assert.Single((await admin.GetAsync("/_platform/functions")).EnumerateArray());
            Assert.Empty(function.GetProperty("mappings").EnumerateArray());
        }
        finally
        {
            await platform.DisposeAsync();
            dir.Delete(recursive: true);
        }
    }

    private static async Task<JsonElement> MappingAsync(PlatformAdminClient admin)
    {
        var function = Assert.Single((await admin.GetAsync("/_platform/functions")).EnumerateArray());
        return Assert.Single(function.GetProperty("mappings").EnumerateArray());
    }

    private static async Task<string> VisibleAsync(AwsCli aws, string url) =>
        JsonDocument.Parse(await aws.RunOkAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "ApproximateNumberOfMessages"))
            .RootElement.GetProperty("Attributes").GetProperty("ApproximateNumberOfMessages").GetString()!;
}
