using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Emulators.Queues.Engine;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;
using Platform.Runtime;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>A function that always fails: retried MaximumRetryAttempts times, then its event lands
/// on the on-failure queue as AWS's destination record.</summary>
public sealed class AsyncRetryAndDestinationTests
{
    [Fact]
    public async Task A_failing_function_is_retried_then_its_event_goes_to_the_on_failure_queue()
    {
        var attempts = new EventCollector();
        var failing = new FunctionDefinition
        {
            Name = "always-fails",
            Timeout = TimeSpan.FromSeconds(5),
            Async = new AsyncInvokeConfig
            {
                MaximumRetryAttempts = 2,
                RetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)],
                OnFailureDestination = "arn:aws:sqs:us-east-1:000000000000:failures",
            },
        };
        await using var app = await InProcessPlatform.StartAsync(new PlatformConfig
        {
            Buckets = ["inbox"],
            Queues = [new QueueDeclaration("failures", new Dictionary<string, string>())],
            S3Triggers =
            [
                new S3TriggerDeclaration { Function = "always-fails", Bucket = "inbox", Id = ConfigLoader.S3TriggerIdPrefix + "f", Events = ["s3:ObjectCreated:*"] },
            ],
        }, services => services.AddFunction(failing, (payload, _) =>
        {
            attempts.Add(payload);
            throw new InvalidOperationException("the disk is made of lava");
        }));
        var aws = new AwsCli(app.Endpoint);
        var queues = app.Services.GetRequiredService<QueueEngine>();

        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "doomed");
        await aws.RunOkAsync("s3", "cp", file, "s3://inbox/doomed.txt");

        var received = await queues.ReceiveMessagesAsync("failures", new ReceiveRequest { WaitTime = TimeSpan.FromSeconds(20) });
        var record = JsonDocument.Parse(Assert.Single(received).Body).RootElement;

        Assert.Equal(3, (await attempts.WaitForAsync(EventCollector.S3Key("doomed.txt"), count: 3)).Count);
        Assert.Equal("1.0", record.GetProperty("version").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", record.GetProperty("timestamp").GetString()!);
        var context = record.GetProperty("requestContext");
        Assert.Equal("RetriesExhausted", context.GetProperty("condition").GetString());
        Assert.Equal(3, context.GetProperty("approximateInvokeCount").GetInt32());
        Assert.StartsWith("arn:aws:lambda:us-east-1:000000000000:function:always-fails", context.GetProperty("functionArn").GetString());
        Assert.False(string.IsNullOrEmpty(context.GetProperty("requestId").GetString()));
        var payload = record.GetProperty("requestPayload");
        Assert.Equal("doomed.txt", payload.GetProperty("Records")[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        var response = record.GetProperty("responseContext");
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("$LATEST", response.GetProperty("executedVersion").GetString());
        Assert.Equal("Unhandled", response.GetProperty("functionError").GetString());
        Assert.Equal("the disk is made of lava", record.GetProperty("responsePayload").GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", record.GetProperty("responsePayload").GetProperty("errorType").GetString());

        // The same event kept its request id across the retries, as Lambda's async queue does.
        var log = await new PlatformAdminClient(app.Endpoint).WaitForInvocationsAsync("always-fails", 3, TimeSpan.FromSeconds(5));
        Assert.Single(log.Select(e => e.GetProperty("requestId").GetString()).Distinct());
        Assert.Equal([3, 2, 1], log.Select(e => e.GetProperty("attempt").GetInt32()));
        Assert.All(log, e => Assert.Equal("Failed", e.GetProperty("outcome").GetString()));
        File.Delete(file);
    }
}
