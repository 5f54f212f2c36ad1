using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Queues;

/// <summary>Every SQS operation, message move tasks included, through @aws-sdk/client-sqs (v3),
/// a real client of SQS's JSON protocol (tests/clients/node; `./build.sh test` runs npm ci there).</summary>
[Collection(SqsPlatformCollection.Name)]
public sealed class NodeSdkQueueTests(SqsPlatformFixture sqs)
{
    [Fact]
    public async Task Every_operation_over_the_json_protocol()
    {
        var script = Path.Combine(RepositoryPaths.Root, "tests", "clients", "node", "sqs-operations.mjs");
        var environment = new Dictionary<string, string>
        {
            ["ENDPOINT"] = sqs.Endpoint.ToString().TrimEnd('/'),
            ["PREFIX"] = SqsPlatformFixture.UniqueName("node"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["NODE_NO_WARNINGS"] = "1",
        };
        var result = (await ProcessRunner.RunAsync("node", [script], environment, timeout: TimeSpan.FromSeconds(120))).EnsureSuccess();
        Assert.Equal("""
            QueueNameExists QueueAlreadyExists 400
            InvalidParameterValue InvalidParameterValue 400
            ReceiptHandleIsInvalid ReceiptHandleIsInvalid 404
            EmptyBatchRequest AWS.SimpleQueueService.EmptyBatchRequest 400
            COMPLETED moved=5 of=5 rate=50
            poison 0,poison 1,poison 2,poison 3,poison 4
            UnsupportedOperation AWS.SimpleQueueService.UnsupportedOperation 400
            ResourceNotFoundException ResourceNotFoundException 404
            QueueDoesNotExist AWS.SimpleQueueService.NonExistentQueue 400
            """.ReplaceLineEndings("\n"), result.StandardOutput.Trim().ReplaceLineEndings("\n"));
    }
}
