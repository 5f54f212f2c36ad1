using System.Text.Json;

namespace Platform.IntegrationTests.Topics;

/// <summary>Every SNS operation through the aws CLI v2 (query protocol), with AWS's answers and errors.</summary>
[Collection(SnsPlatformCollection.Name)]
public sealed class AwsCliTopicTests(SnsPlatformFixture sns)
{
    [Fact]
    public async Task Topic_lifecycle_attributes_tags_paging_and_deletion()
    {
        var name = SnsPlatformFixture.UniqueName("cli-topic");
        var arn = SnsPlatformFixture.TopicArn(name);
        var created = (await sns.SnsAsync("create-topic", "--name", name, "--attributes", "DisplayName=Orders", "--tags", "Key=team,Value=core"))!.Value;
        Assert.Equal(arn, created.GetProperty("TopicArn").GetString());
        // Idempotent with the same attributes; refused with different ones.
        Assert.Equal(arn, (await sns.SnsAsync("create-topic", "--name", name, "--attributes", "DisplayName=Orders"))!.Value.GetProperty("TopicArn").GetString());
        Assert.Contains("(InvalidParameter)", await sns.SnsErrorAsync("create-topic", "--name", name, "--attributes", "DisplayName=Other"));

        var attributes = (await sns.SnsAsync("get-topic-attributes", "--topic-arn", arn))!.Value.GetProperty("Attributes");
        Assert.Equal("Orders", attributes.GetProperty("DisplayName").GetString());
        Assert.Equal(arn, attributes.GetProperty("TopicArn").GetString());
        Assert.Equal(SnsPlatformFixture.Account, attributes.GetProperty("Owner").GetString());
        Assert.Equal("0", attributes.GetProperty("SubscriptionsConfirmed").GetString());
        Assert.Contains("\"numRetries\":3", attributes.GetProperty("EffectiveDeliveryPolicy").GetString());
        Assert.Contains(arn, attributes.GetProperty("Policy").GetString());
        Assert.False(attributes.TryGetProperty("FifoTopic", out _));

        await sns.SnsAsync("set-topic-attributes", "--topic-arn", arn, "--attribute-name", "DisplayName", "--attribute-value", "Renamed");
        Assert.Equal("Renamed", (await sns.SnsAsync("get-topic-attributes", "--topic-arn", arn))!.Value.GetProperty("Attributes").GetProperty("DisplayName").GetString());
        Assert.Contains("Invalid parameter: AttributeName",
            await sns.SnsErrorAsync("set-topic-attributes", "--topic-arn", arn, "--attribute-name", "Nope", "--attribute-value", "x"));

        await sns.SnsAsync("tag-resource", "--resource-arn", arn, "--tags", "Key=env,Value=test", "Key=owner,Value=me");
        await sns.SnsAsync("untag-resource", "--resource-arn", arn, "--tag-keys", "owner");
        var tags = (await sns.SnsAsync("list-tags-for-resource", "--resource-arn", arn))!.Value.GetProperty("Tags");
        Assert.Equal(["env=test", "team=core"], tags.EnumerateArray().Select(t => t.GetProperty("Key").GetString() + "=" + t.GetProperty("Value").GetString()).Order());
        Assert.Contains("(ResourceNotFound)", await sns.SnsErrorAsync("list-tags-for-resource", "--resource-arn", SnsPlatformFixture.TopicArn(name + "-none")));

        // 101 topics: ListTopics pages by 100 and the CLI follows NextToken.
        var many = SnsPlatformFixture.UniqueName("page");
        await Task.WhenAll(Enumerable.Range(0, 101).Select(i => sns.Engine.CreateTopicAsync($"{many}-{i:D3}", null, null, CancellationToken.None)));
        var firstPage = (await sns.SnsAsync("list-topics", "--no-paginate"))!.Value;
        Assert.Equal(100, firstPage.GetProperty("Topics").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(firstPage.GetProperty("NextToken").GetString()));
        var all = (await sns.SnsAsync("list-topics"))!.Value.GetProperty("Topics").EnumerateArray().Select(t => t.GetProperty("TopicArn").GetString()).ToList();
        Assert.Equal(101, all.Count(a => a!.Contains(many, StringComparison.Ordinal)));
        Assert.Contains(arn, all);

        await sns.SnsAsync("delete-topic", "--topic-arn", arn);
        Assert.Contains("(NotFound) when calling the GetTopicAttributes operation: Topic does not exist",
            await sns.SnsErrorAsync("get-topic-attributes", "--topic-arn", arn));
        // Deleting again succeeds, as in SNS.
        await sns.SnsAsync("delete-topic", "--topic-arn", arn);
    }

    [Fact]
    public async Task Topic_names_and_fifo_rules()
    {
        Assert.Contains("Invalid parameter: Topic Name", await sns.SnsErrorAsync("create-topic", "--name", "has space"));
        Assert.Contains("Invalid parameter: Topic Name", await sns.SnsErrorAsync("create-topic", "--name", new string('a', 257)));
        Assert.Contains("Invalid parameter: Topic Name", await sns.SnsErrorAsync("create-topic", "--name", "plain.fifo"));
        Assert.Contains("Fifo Topic names must end with .fifo", await sns.SnsErrorAsync("create-topic", "--name", "nofifo", "--attributes", "FifoTopic=true"));
        Assert.Contains("Content based deduplication can only be set for FIFO topics",
            await sns.SnsErrorAsync("create-topic", "--name", SnsPlatformFixture.UniqueName("std"), "--attributes", "ContentBasedDeduplication=true"));

        var name = SnsPlatformFixture.UniqueName("cli") + ".fifo";
        await sns.SnsAsync("create-topic", "--name", name, "--attributes", "FifoTopic=true,ContentBasedDeduplication=true");
        var attributes = (await sns.SnsAsync("get-topic-attributes", "--topic-arn", SnsPlatformFixture.TopicArn(name)))!.Value.GetProperty("Attributes");
        Assert.Equal("true", attributes.GetProperty("FifoTopic").GetString());
        Assert.Equal("true", attributes.GetProperty("ContentBasedDeduplication").GetString());
        Assert.Contains("Invalid protocol type: lambda", await sns.SnsErrorAsync("subscribe", "--topic-arn", SnsPlatformFixture.TopicArn(name),
            "--protocol", "lambda", "--notification-endpoint", "arn:aws:lambda:us-east-1:000000000000:function:audit"));
    }

    [Fact]
    public async Task Subscriptions_are_listed_configured_and_removed()
    {
        var name = SnsPlatformFixture.UniqueName("subs");
        var arn = SnsPlatformFixture.TopicArn(name);
        await sns.SnsAsync("create-topic", "--name", name);
        var sqsArn = (await sns.SnsAsync("subscribe", "--topic-arn", arn, "--protocol", "sqs", "--notification-endpoint", SnsPlatformFixture.QueueArn(name),
            "--attributes", "RawMessageDelivery=true"))!.Value.GetProperty("SubscriptionArn").GetString()!;
        Assert.StartsWith(arn + ":", sqsArn);
        // The same endpoint again answers the same subscription.
        Assert.Equal(sqsArn, (await sns.SnsAsync("subscribe", "--topic-arn", arn, "--protocol", "sqs", "--notification-endpoint",
            SnsPlatformFixture.QueueArn(name)))!.Value.GetProperty("SubscriptionArn").GetString());
        var lambdaArn = (await sns.SnsAsync("subscribe", "--topic-arn", arn, "--protocol", "lambda", "--notification-endpoint",
            "arn:aws:lambda:us-east-1:000000000000:function:audit"))!.Value.GetProperty("SubscriptionArn").GetString()!;
        // HTTP endpoints stay pending until confirmed; ReturnSubscriptionArn shows the ARN anyway.
        Assert.Equal("pending confirmation", (await sns.SnsAsync("subscribe", "--topic-arn", arn, "--protocol", "http",
            "--notification-endpoint", "http://127.0.0.1:9/a"))!.Value.GetProperty("SubscriptionArn").GetString());
        var httpArn = (await sns.SnsAsync("subscribe", "--topic-arn", arn, "--protocol", "http", "--notification-endpoint", "http://127.0.0.1:9/b",
            "--return-subscription-arn"))!.Value.GetProperty("SubscriptionArn").GetString()!;
        Assert.StartsWith(arn + ":", httpArn);

        var listed = (await sns.SnsAsync("list-subscriptions-by-topic", "--topic-arn", arn))!.Value.GetProperty("Subscriptions").EnumerateArray().ToList();
        Assert.Equal(4, listed.Count);
        Assert.Equal(2, listed.Count(s => s.GetProperty("SubscriptionArn").GetString() == "PendingConfirmation"));
        var sqsRow = listed.Single(s => s.GetProperty("Protocol").GetString() == "sqs");
        Assert.Equal(SnsPlatformFixture.QueueArn(name), sqsRow.GetProperty("Endpoint").GetString());
        Assert.Equal(SnsPlatformFixture.Account, sqsRow.GetProperty("Owner").GetString());
        Assert.Contains((await sns.SnsAsync("list-subscriptions"))!.Value.GetProperty("Subscriptions").EnumerateArray(),
            s => s.GetProperty("SubscriptionArn").GetString() == lambdaArn);

        var attributes = (await sns.SnsAsync("get-subscription-attributes", "--subscription-arn", sqsArn))!.Value.GetProperty("Attributes");
        Assert.Equal("true", attributes.GetProperty("RawMessageDelivery").GetString());
        Assert.Equal("false", attributes.GetProperty("PendingConfirmation").GetString());
        Assert.Equal(arn, attributes.GetProperty("TopicArn").GetString());
        Assert.Equal("sqs", attributes.GetProperty("Protocol").GetString());
        Assert.Equal("true", (await sns.SnsAsync("get-subscription-attributes", "--subscription-arn", httpArn))!.Value
            .GetProperty("Attributes").GetProperty("PendingConfirmation").GetString());

        await sns.SnsAsync("set-subscription-attributes", "--subscription-arn", lambdaArn, "--attribute-name", "FilterPolicy",
            "--attribute-value", """{"type":["order"]}""");
        await sns.SnsAsync("set-subscription-attributes", "--subscription-arn", lambdaArn, "--attribute-name", "RedrivePolicy",
            "--attribute-value", $$"""{"deadLetterTargetArn":"{{SnsPlatformFixture.QueueArn(name + "-dlq")}}"}""");
        var configured = (await sns.SnsAsync("get-subscription-attributes", "--subscription-arn", lambdaArn))!.Value.GetProperty("Attributes");
        Assert.Equal("""{"type":["order"]}""", configured.GetProperty("FilterPolicy").GetString());
        Assert.Equal("MessageAttributes", configured.GetProperty("FilterPolicyScope").GetString());
        Assert.Contains("-dlq", configured.GetProperty("RedrivePolicy").GetString());
        Assert.Contains("does not support raw message delivery", await sns.SnsErrorAsync("set-subscription-attributes", "--subscription-arn", lambdaArn,
            "--attribute-name", "RawMessageDelivery", "--attribute-value", "true"));

        await sns.SnsAsync("unsubscribe", "--subscription-arn", lambdaArn);
        Assert.Contains("(NotFound)", await sns.SnsErrorAsync("get-subscription-attributes", "--subscription-arn", lambdaArn));
        Assert.Equal(3, (await sns.SnsAsync("list-subscriptions-by-topic", "--topic-arn", arn))!.Value.GetProperty("Subscriptions").GetArrayLength());
        await sns.SnsAsync("delete-topic", "--topic-arn", arn);
        Assert.Contains("(NotFound)", await sns.SnsErrorAsync("get-subscription-attributes", "--subscription-arn", sqsArn));
    }

    [Fact]
    public async Task Subscribe_refuses_unknown_protocols_and_malformed_endpoints()
    {
        var name = SnsPlatformFixture.UniqueName("badsub");
        var arn = SnsPlatformFixture.TopicArn(name);
        await sns.SnsAsync("create-topic", "--name", name);
        Assert.Contains("Amazon SNS does not support this protocol string: carrier-pigeon",
            await sns.SnsErrorAsync("subscribe", "--topic-arn", arn, "--protocol", "carrier-pigeon", "--notification-endpoint", "x"));
        Assert.Contains("Invalid parameter: SQS endpoint ARN",
            await sns.SnsErrorAsync("subscribe", "--topic-arn", arn, "--protocol", "sqs", "--notification-endpoint", "not-an-arn"));
        Assert.Contains("Invalid parameter: Lambda endpoint ARN",
            await sns.SnsErrorAsync("subscribe", "--topic-arn", arn, "--protocol", "lambda", "--notification-endpoint", "arn:aws:sqs:us-east-1:000000000000:q"));
        Assert.Contains("Endpoint must match the specified protocol",
            await sns.SnsErrorAsync("subscribe", "--topic-arn", arn, "--protocol", "https", "--notification-endpoint", "http://example.com/"));
        Assert.Contains("(NotFound)", await sns.SnsErrorAsync("subscribe", "--topic-arn", arn + "-none", "--protocol", "sqs",
            "--notification-endpoint", SnsPlatformFixture.QueueArn("q")));
        Assert.Contains("Filter policy can not have more than 5 keys", await sns.SnsErrorAsync("subscribe", "--topic-arn", arn, "--protocol", "sqs",
            "--notification-endpoint", SnsPlatformFixture.QueueArn("q"), "--attributes",
            JsonSerializer.Serialize(new Dictionary<string, string> { ["FilterPolicy"] = """{"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]}""" })));
        Assert.Contains("Filter policy is too complex", await sns.SnsErrorAsync("subscribe", "--topic-arn", arn, "--protocol", "sqs",
            "--notification-endpoint", SnsPlatformFixture.QueueArn("q"), "--attributes",
            JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["FilterPolicy"] = JsonSerializer.Serialize(new Dictionary<string, int[]>
                {
                    ["a"] = [.. Enumerable.Range(0, 10)], ["b"] = [.. Enumerable.Range(0, 4)], ["c"] = [.. Enumerable.Range(0, 4)],
                }),
            })));
        Assert.Contains("Invalid parameter: FilterPolicy", await sns.SnsErrorAsync("subscribe", "--topic-arn", arn, "--protocol", "sqs",
            "--notification-endpoint", SnsPlatformFixture.QueueArn("q"), "--attributes", """{"FilterPolicy":"{\"a\":\"not-an-array\"}"}"""));
    }

    [Fact]
    public async Task Publish_refuses_what_sns_refuses()
    {
        var name = SnsPlatformFixture.UniqueName("badpub");
        var arn = SnsPlatformFixture.TopicArn(name);
        await sns.SnsAsync("create-topic", "--name", name);
        Assert.Contains("(NotFound) when calling the Publish operation: Topic does not exist",
            await sns.SnsErrorAsync("publish", "--topic-arn", arn + "-none", "--message", "x"));
        Assert.Contains("Invalid parameter: TopicArn", await sns.SnsErrorAsync("publish", "--topic-arn", "not-an-arn", "--message", "x"));
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, new string('x', 262_145));
        try
        {
            Assert.Contains("Invalid parameter: Message too long", await sns.SnsErrorAsync("publish", "--topic-arn", arn, "--message", "file://" + file));
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Contains("No default entry in JSON message body",
            await sns.SnsErrorAsync("publish", "--topic-arn", arn, "--message", """{"sqs":"x"}""", "--message-structure", "json"));
        Assert.Contains("JSON message body failed to parse",
            await sns.SnsErrorAsync("publish", "--topic-arn", arn, "--message", "not json", "--message-structure", "json"));
        Assert.Contains("(ParameterValueInvalid)", await sns.SnsErrorAsync("publish", "--topic-arn", arn, "--message", "x",
            "--message-attributes", """{"n":{"DataType":"Number","StringValue":"abc"}}"""));
        Assert.Contains("(ParameterValueInvalid)", await sns.SnsErrorAsync("publish", "--topic-arn", arn, "--message", "x",
            "--message-attributes", """{"n":{"DataType":"Date","StringValue":"x"}}"""));
        Assert.Contains("Invalid parameter: Subject", await sns.SnsErrorAsync("publish", "--topic-arn", arn, "--message", "x", "--subject", "line\nbreak"));
        Assert.Contains("MessageDeduplicationId", await sns.SnsErrorAsync("publish", "--topic-arn", arn, "--message", "x", "--message-deduplication-id", "d"));

        var entries = Enumerable.Range(0, 11).Select(i => $"Id=e{i},Message=m{i}").ToArray();
        Assert.Contains("(TooManyEntriesInBatchRequest)", await sns.SnsErrorAsync(["publish-batch", "--topic-arn", arn, "--publish-batch-request-entries", .. entries]));
        Assert.Contains("(BatchEntryIdsNotDistinct)", await sns.SnsErrorAsync("publish-batch", "--topic-arn", arn, "--publish-batch-request-entries",
            "Id=a,Message=1", "Id=a,Message=2"));
        Assert.Contains("(InvalidBatchEntryId)", await sns.SnsErrorAsync("publish-batch", "--topic-arn", arn, "--publish-batch-request-entries", "Id=a.b,Message=1"));
    }
}
