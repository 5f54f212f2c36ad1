using System.Diagnostics;
using System.Text.Json;

namespace Platform.IntegrationTests.Queues;

/// <summary>Every SQS operation the aws CLI 2.9 knows, through its query protocol.</summary>
[Collection(SqsPlatformCollection.Name)]
public sealed class AwsCliQueueTests(SqsPlatformFixture sqs)
{
    [Fact]
    public async Task Queue_lifecycle_attributes_tags_listing_and_deletion()
    {
        var prefix = SqsPlatformFixture.UniqueName("cli");
        var url = (await sqs.SqsAsync("create-queue", "--queue-name", prefix + "-a",
            "--attributes", "VisibilityTimeout=45,DelaySeconds=1", "--tags", "team=core,env=test"))!.Value.GetProperty("QueueUrl").GetString()!;
        // The client reached us as 127.0.0.1:<port>: the URL it gets back uses that host.
        Assert.Equal($"{sqs.Endpoint.ToString().TrimEnd('/')}/000000000000/{prefix}-a", url);
        await sqs.SqsAsync("create-queue", "--queue-name", prefix + "-b");
        Assert.Equal(url, (await sqs.SqsAsync("get-queue-url", "--queue-name", prefix + "-a"))!.Value.GetProperty("QueueUrl").GetString());

        var listed = (await sqs.SqsAsync("list-queues", "--queue-name-prefix", prefix))!.Value.GetProperty("QueueUrls");
        Assert.Equal([prefix + "-a", prefix + "-b"], listed.EnumerateArray().Select(u => u.GetString()!.Split('/')[^1]));
        var page = (await sqs.SqsAsync("list-queues", "--queue-name-prefix", prefix, "--max-results", "1", "--no-paginate"))!.Value;
        Assert.Single(page.GetProperty("QueueUrls").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(page.GetProperty("NextToken").GetString()));

        var attributes = (await sqs.SqsAsync("get-queue-attributes", "--queue-url", url, "--attribute-names", "All"))!.Value.GetProperty("Attributes");
        Assert.Equal("45", attributes.GetProperty("VisibilityTimeout").GetString());
        Assert.Equal("1", attributes.GetProperty("DelaySeconds").GetString());
        Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:{prefix}-a", attributes.GetProperty("QueueArn").GetString());
        Assert.Equal("0", attributes.GetProperty("ApproximateNumberOfMessages").GetString());

        await sqs.SqsAsync("set-queue-attributes", "--queue-url", url, "--attributes", "VisibilityTimeout=10,MessageRetentionPeriod=120");
        var changed = (await sqs.SqsAsync("get-queue-attributes", "--queue-url", url,
            "--attribute-names", "VisibilityTimeout", "MessageRetentionPeriod"))!.Value.GetProperty("Attributes");
        Assert.Equal("10", changed.GetProperty("VisibilityTimeout").GetString());
        Assert.Equal("120", changed.GetProperty("MessageRetentionPeriod").GetString());
        Assert.Equal(2, changed.EnumerateObject().Count());

        await sqs.SqsAsync("tag-queue", "--queue-url", url, "--tags", "owner=me");
        await sqs.SqsAsync("untag-queue", "--queue-url", url, "--tag-keys", "env");
        var tags = (await sqs.SqsAsync("list-queue-tags", "--queue-url", url))!.Value.GetProperty("Tags");
        Assert.Equal(["owner=me", "team=core"], tags.EnumerateObject().Select(t => t.Name + "=" + t.Value.GetString()).Order());

        await sqs.SqsAsync("send-message", "--queue-url", url, "--message-body", "to be purged", "--delay-seconds", "0");
        await sqs.SqsAsync("purge-queue", "--queue-url", url);
        Assert.Equal("0", sqs.Engine.GetQueueAttributes(prefix + "-a", ["ApproximateNumberOfMessages"])["ApproximateNumberOfMessages"]);

        await sqs.SqsAsync("delete-queue", "--queue-url", url);
        var gone = await sqs.Aws.RunAsync("sqs", "get-queue-url", "--queue-name", prefix + "-a");
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("AWS.SimpleQueueService.NonExistentQueue", gone.StandardError);
    }

    [Fact]
    public async Task Messages_with_attributes_are_sent_received_with_selection_and_deleted()
    {
        var name = SqsPlatformFixture.UniqueName("cli-msg");
        var url = (await sqs.SqsAsync("create-queue", "--queue-name", name))!.Value.GetProperty("QueueUrl").GetString()!;
        var body = "line1\r\nline2 <tag> & \"quotes\" ünïcödé 🚀";
        var sent = (await sqs.SqsAsync("send-message", "--queue-url", url, "--message-body", body, "--message-attributes",
            """{"trace.id":{"DataType":"String","StringValue":"abc"},"count":{"DataType":"Number","StringValue":"-1.5e3"},"blob":{"DataType":"Binary","BinaryValue":"AAECAwQ="},"doc":{"DataType":"String.json","StringValue":"{\"a\":1}"}}"""))!.Value;
        Assert.Equal(Md5Hex(body), sent.GetProperty("MD5OfMessageBody").GetString());
        Assert.Matches("^[0-9a-f]{32}$", sent.GetProperty("MD5OfMessageAttributes").GetString()!);

        var received = (await sqs.SqsAsync("receive-message", "--queue-url", url, "--attribute-names", "All",
            "--message-attribute-names", "trace.*", "count", "--max-number-of-messages", "10", "--visibility-timeout", "30"))!.Value;
        var message = Assert.Single(received.GetProperty("Messages").EnumerateArray());
        Assert.Equal(body, message.GetProperty("Body").GetString());
        Assert.Equal(sent.GetProperty("MessageId").GetString(), message.GetProperty("MessageId").GetString());
        Assert.Equal(Md5Hex(body), message.GetProperty("MD5OfBody").GetString());
        var systemAttributes = message.GetProperty("Attributes");
        Assert.Equal("1", systemAttributes.GetProperty("ApproximateReceiveCount").GetString());
        Assert.Equal("000000000000", systemAttributes.GetProperty("SenderId").GetString());
        Assert.Matches(@"^\d{13}$", systemAttributes.GetProperty("SentTimestamp").GetString()!);
        var attributes = message.GetProperty("MessageAttributes");
        Assert.Equal(["count", "trace.id"], attributes.EnumerateObject().Select(a => a.Name).Order());
        Assert.Equal("-1.5e3", attributes.GetProperty("count").GetProperty("StringValue").GetString());
        // Selected attributes only: their MD5 differs from the one over all four at send time.
        Assert.NotEqual(sent.GetProperty("MD5OfMessageAttributes").GetString(), message.GetProperty("MD5OfMessageAttributes").GetString());

        var handle = message.GetProperty("ReceiptHandle").GetString()!;
        await sqs.SqsAsync("change-message-visibility", "--queue-url", url, "--receipt-handle", handle, "--visibility-timeout", "0");
        var again = (await sqs.SqsAsync("receive-message", "--queue-url", url, "--message-attribute-names", "All"))!.Value;
        var second = Assert.Single(again.GetProperty("Messages").EnumerateArray());
        Assert.Equal(4, second.GetProperty("MessageAttributes").EnumerateObject().Count());
        Assert.Equal(sent.GetProperty("MD5OfMessageAttributes").GetString(), second.GetProperty("MD5OfMessageAttributes").GetString());
        Assert.Equal("AAECAwQ=", second.GetProperty("MessageAttributes").GetProperty("blob").GetProperty("BinaryValue").GetString());

        // The first handle went stale when the message was received again.
        var stale = await sqs.Aws.RunAsync("sqs", "delete-message", "--queue-url", url, "--receipt-handle", handle);
        Assert.Contains("ReceiptHandleIsInvalid", stale.StandardError);
        await sqs.SqsAsync("delete-message", "--queue-url", url, "--receipt-handle", second.GetProperty("ReceiptHandle").GetString()!);
        Assert.Null(await sqs.SqsAsync("receive-message", "--queue-url", url));
    }

    [Fact]
    public async Task Batches_send_change_visibility_and_delete_with_per_entry_results()
    {
        var name = SqsPlatformFixture.UniqueName("cli-batch");
        var url = (await sqs.SqsAsync("create-queue", "--queue-name", name))!.Value.GetProperty("QueueUrl").GetString()!;
        var sent = (await sqs.SqsAsync("send-message-batch", "--queue-url", url, "--entries",
            """[{"Id":"a","MessageBody":"one"},{"Id":"b","MessageBody":"two","MessageAttributes":{"k":{"DataType":"String","StringValue":"v"}}},{"Id":"c","MessageBody":"late","DelaySeconds":901}]"""))!.Value;
        Assert.Equal(["a", "b"], sent.GetProperty("Successful").EnumerateArray().Select(e => e.GetProperty("Id").GetString()).Order());
        var failed = Assert.Single(sent.GetProperty("Failed").EnumerateArray());
        Assert.Equal("c", failed.GetProperty("Id").GetString());
        Assert.Equal("InvalidParameterValue", failed.GetProperty("Code").GetString());
        Assert.True(failed.GetProperty("SenderFault").GetBoolean());

        var messages = (await sqs.SqsAsync("receive-message", "--queue-url", url, "--max-number-of-messages", "10"))!.Value
            .GetProperty("Messages").EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        var entries = JsonSerializer.Serialize(messages.Select((m, i) => new { Id = "e" + i, ReceiptHandle = m.GetProperty("ReceiptHandle").GetString() }));
        var visibility = JsonSerializer.Serialize(messages.Select((m, i) =>
            new { Id = "v" + i, ReceiptHandle = m.GetProperty("ReceiptHandle").GetString(), VisibilityTimeout = 120 })
            .Append(new { Id = "bad", ReceiptHandle = (string?)"forged", VisibilityTimeout = 1 }));
        var changed = (await sqs.SqsAsync("change-message-visibility-batch", "--queue-url", url, "--entries", visibility))!.Value;
        Assert.Equal(2, changed.GetProperty("Successful").GetArrayLength());
        Assert.Equal("ReceiptHandleIsInvalid", Assert.Single(changed.GetProperty("Failed").EnumerateArray()).GetProperty("Code").GetString());

        var deleted = (await sqs.SqsAsync("delete-message-batch", "--queue-url", url, "--entries", entries))!.Value;
        Assert.Equal(["e0", "e1"], deleted.GetProperty("Successful").EnumerateArray().Select(e => e.GetProperty("Id").GetString()).Order());
        Assert.Equal("0", sqs.Engine.GetQueueAttributes(name, ["ApproximateNumberOfMessagesNotVisible"])["ApproximateNumberOfMessagesNotVisible"]);
    }

    [Fact]
    public async Task Long_poll_returns_as_soon_as_a_message_arrives()
    {
        var name = SqsPlatformFixture.UniqueName("cli-poll");
        var url = (await sqs.SqsAsync("create-queue", "--queue-name", name))!.Value.GetProperty("QueueUrl").GetString()!;
        var clock = Stopwatch.StartNew();
        var receive = sqs.SqsAsync("receive-message", "--queue-url", url, "--wait-time-seconds", "20");
        // Whichever lands first, a 20 s long poll that only looked at its end would take 20 s.
        await sqs.SqsAsync("send-message", "--queue-url", url, "--message-body", "wake up");
        var received = await receive;
        Assert.Equal("wake up", received!.Value.GetProperty("Messages")[0].GetProperty("Body").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"long poll took {clock.Elapsed}");
    }

    [Fact]
    public async Task Fifo_queue_orders_deduplicates_and_returns_its_ids()
    {
        var name = SqsPlatformFixture.UniqueName("cli") + ".fifo";
        var url = (await sqs.SqsAsync("create-queue", "--queue-name", name,
            "--attributes", "FifoQueue=true,ContentBasedDeduplication=true"))!.Value.GetProperty("QueueUrl").GetString()!;
        var first = (await sqs.SqsAsync("send-message", "--queue-url", url, "--message-body", "first", "--message-group-id", "g"))!.Value;
        var duplicate = (await sqs.SqsAsync("send-message", "--queue-url", url, "--message-body", "first", "--message-group-id", "g"))!.Value;
        await sqs.SqsAsync("send-message", "--queue-url", url, "--message-body", "second", "--message-group-id", "g",
            "--message-deduplication-id", "d2");
        Assert.Equal(first.GetProperty("MessageId").GetString(), duplicate.GetProperty("MessageId").GetString());
        Assert.Matches(@"^\d{20}$", first.GetProperty("SequenceNumber").GetString()!);

        var received = (await sqs.SqsAsync("receive-message", "--queue-url", url, "--max-number-of-messages", "10",
            "--attribute-names", "All"))!.Value.GetProperty("Messages").EnumerateArray().ToList();
        Assert.Equal(["first", "second"], received.Select(m => m.GetProperty("Body").GetString()));
        var attributes = received[1].GetProperty("Attributes");
        Assert.Equal("g", attributes.GetProperty("MessageGroupId").GetString());
        Assert.Equal("d2", attributes.GetProperty("MessageDeduplicationId").GetString());
        Assert.Matches(@"^\d{20}$", attributes.GetProperty("SequenceNumber").GetString()!);

        var missingGroup = await sqs.Aws.RunAsync("sqs", "send-message", "--queue-url", url, "--message-body", "x");
        Assert.Contains("MissingParameter", missingGroup.StandardError);
    }

    [Fact]
    public async Task Redrive_moves_to_the_dead_letter_queue_which_lists_its_sources()
    {
        var dlq = SqsPlatformFixture.UniqueName("cli-dlq");
        var dlqUrl = (await sqs.SqsAsync("create-queue", "--queue-name", dlq))!.Value.GetProperty("QueueUrl").GetString()!;
        var policy = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:{{dlq}}","maxReceiveCount":"1"}""",
        });
        var source = SqsPlatformFixture.UniqueName("cli-src");
        var sourceUrl = (await sqs.SqsAsync("create-queue", "--queue-name", source, "--attributes", policy))!.Value.GetProperty("QueueUrl").GetString()!;
        await sqs.SqsAsync("send-message", "--queue-url", sourceUrl, "--message-body", "poison");
        Assert.NotNull(await sqs.SqsAsync("receive-message", "--queue-url", sourceUrl, "--visibility-timeout", "0"));
        // The second receive would pass maxReceiveCount: the message moves instead of being delivered.
        Assert.Null(await sqs.SqsAsync("receive-message", "--queue-url", sourceUrl));

        var dead = (await sqs.SqsAsync("receive-message", "--queue-url", dlqUrl, "--attribute-names", "All"))!.Value.GetProperty("Messages")[0];
        Assert.Equal("poison", dead.GetProperty("Body").GetString());
        Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:{source}", dead.GetProperty("Attributes").GetProperty("DeadLetterQueueSourceArn").GetString());
        var sources = (await sqs.SqsAsync("list-dead-letter-source-queues", "--queue-url", dlqUrl))!.Value.GetProperty("queueUrls");
        Assert.Equal(sourceUrl, Assert.Single(sources.EnumerateArray()).GetString());
    }

    internal static string Md5Hex(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
