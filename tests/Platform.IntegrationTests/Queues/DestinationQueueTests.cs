using System.Text.Json;
using Platform.Contracts.Functions;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;
using Platform.Runtime;

namespace Platform.IntegrationTests.Queues;

/// <summary>An on-failure destination declared in platform.yaml is an ordinary SQS queue: the
/// destination record of a failed async invocation is read back with the aws CLI.</summary>
public sealed class DestinationQueueTests
{
    [Fact]
    public async Task The_on_failure_queue_is_readable_with_the_aws_cli_after_an_async_failure()
    {
        var failing = new FunctionDefinition
        {
            Name = "summarize",
            Timeout = TimeSpan.FromSeconds(5),
            Async = new AsyncInvokeConfig
            {
                MaximumRetryAttempts = 0,
                OnFailureDestination = "arn:aws:sqs:us-east-1:000000000000:summarize-failures",
            },
        };
        await using var app = await InProcessPlatform.StartAsync(new PlatformConfig
        {
            Buckets = ["uploads"],
            Queues = [new QueueDeclaration("summarize-failures", new Dictionary<string, string>())],
            S3Triggers =
            [
                new S3TriggerDeclaration { Function = "summarize", Bucket = "uploads", Id = ConfigLoader.S3TriggerIdPrefix + "s", Events = ["s3:ObjectCreated:*"] },
            ],
        }, services => services.AddFunction(failing, (_, _) => throw new InvalidOperationException("cannot summarize")));
        var aws = new AwsCli(app.Endpoint);

        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "unsummarizable");
        await aws.RunOkAsync("s3", "cp", file, "s3://uploads/report.txt");
        File.Delete(file);

        var url = JsonDocument.Parse(await aws.RunOkAsync("sqs", "get-queue-url", "--queue-name", "summarize-failures"))
            .RootElement.GetProperty("QueueUrl").GetString()!;
        var received = JsonDocument.Parse(await aws.RunOkAsync("sqs", "receive-message", "--queue-url", url, "--wait-time-seconds", "20"))
            .RootElement.GetProperty("Messages")[0];
        var record = JsonDocument.Parse(received.GetProperty("Body").GetString()!).RootElement;
        Assert.Equal("RetriesExhausted", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal("report.txt",
            record.GetProperty("requestPayload").GetProperty("Records")[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        Assert.Equal("cannot summarize", record.GetProperty("responsePayload").GetProperty("errorMessage").GetString());

        await aws.RunOkAsync("sqs", "delete-message", "--queue-url", url, "--receipt-handle", received.GetProperty("ReceiptHandle").GetString()!);
    }
}
