using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Events;

/// <summary>Every EventBridge and Scheduler operation through @aws-sdk/client-eventbridge and
/// @aws-sdk/client-scheduler (v3), real clients of the JSON 1.1 and REST-JSON protocols.</summary>
[Collection(EventsPlatformCollection.Name)]
public sealed class NodeSdkEventsTests(EventsPlatformFixture platform)
{
    [Fact]
    public async Task Every_operation_over_both_protocols()
    {
        var queue = EventsPlatformFixture.UniqueName("node");
        await platform.Aws.RunOkAsync("sqs", "create-queue", "--queue-name", queue);
        var script = Path.Combine(RepositoryPaths.Root, "tests", "clients", "node", "events-operations.mjs");
        var environment = new Dictionary<string, string>
        {
            ["ENDPOINT"] = platform.Endpoint.ToString().TrimEnd('/'),
            ["PREFIX"] = EventsPlatformFixture.UniqueName("node"),
            ["QUEUE_ARN"] = $"arn:aws:sqs:us-east-1:000000000000:{queue}",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["NODE_NO_WARNINGS"] = "1",
        };
        var result = (await ProcessRunner.RunAsync("node", [script], environment, timeout: TimeSpan.FromSeconds(120))).EnsureSuccess();
        Assert.Equal("""
            ResourceAlreadyExistsException 400
            ValidationException 400
            InvalidEventPatternException 400
            PutEvents failed=1 InvalidArgument
            TestEventPattern true
            ResourceNotFoundException 400
            ConflictException 409
            ValidationException 400
            ResourceNotFoundException 404
            """.ReplaceLineEndings("\n"), result.StandardOutput.Trim().ReplaceLineEndings("\n"));

        // The rule's InputPath target got the one matching event's detail.
        var received = await platform.Aws.RunOkAsync("sqs", "receive-message", "--queue-url",
            $"{platform.Endpoint.ToString().TrimEnd('/')}/000000000000/{queue}", "--wait-time-seconds", "20");
        Assert.Contains("{\\\"n\\\":3}", received, StringComparison.Ordinal);
    }
}
