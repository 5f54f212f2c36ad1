using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>The README's SQS tour as a user runs it: `platform up` with samples/platform.yaml, an
/// order sent with the aws CLI, its receipt in s3://processed, the mapping in /_platform.</summary>
public sealed class SqsSampleStackTests
{
    [Fact]
    public async Task An_order_sent_with_the_aws_cli_runs_the_sample_function()
    {
        await using var platform = await PlatformProcess.StartAsync(RepositoryPaths.SampleConfig, "unused", extraArguments: "--in-memory");
        var aws = new AwsCli(platform.Endpoint);
        using var admin = new PlatformAdminClient(platform.Endpoint);

        var url = JsonDocument.Parse(await aws.RunOkAsync("sqs", "get-queue-url", "--queue-name", "orders")).RootElement.GetProperty("QueueUrl").GetString()!;
        await aws.RunOkAsync("sqs", "send-message", "--queue-url", url, "--message-body", """{"orderId":"cli-1","amount":9.5}""");

        var invocation = Assert.Single(await admin.WaitForInvocationsAsync("record-orders", 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("Succeeded", invocation.GetProperty("outcome").GetString());
        Assert.Equal("sqs:orders", invocation.GetProperty("trigger").GetString());
        var receipt = JsonDocument.Parse(await aws.RunOkAsync("s3", "cp", "s3://processed/receipts/cli-1.json", "-")).RootElement;
        Assert.Equal("cli-1", receipt.GetProperty("orderId").GetString());
        Assert.Equal(9.5m, receipt.GetProperty("amount").GetDecimal());

        // Deleted after success: nothing visible, nothing in flight.
        var attributes = JsonDocument.Parse(await aws.RunOkAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All"))
            .RootElement.GetProperty("Attributes");
        Assert.Equal("0", attributes.GetProperty("ApproximateNumberOfMessages").GetString());
        Assert.Equal("0", attributes.GetProperty("ApproximateNumberOfMessagesNotVisible").GetString());

        var function = Assert.Single((await admin.GetAsync("/_platform/functions")).EnumerateArray(), f => f.GetProperty("name").GetString() == "record-orders");
        var mapping = Assert.Single(function.GetProperty("mappings").EnumerateArray());
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:orders", mapping.GetProperty("eventSourceArn").GetString());
        Assert.Equal(2, mapping.GetProperty("maximumConcurrency").GetInt32());
        Assert.Equal(["ReportBatchItemFailures"], mapping.GetProperty("functionResponseTypes").EnumerateArray().Select(t => t.GetString()));
    }
}
