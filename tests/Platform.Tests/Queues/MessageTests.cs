using System.Text;
using Platform.Emulators.Queues.Engine;

namespace Platform.Tests.Queues;

public sealed class MessageTests
{
    [Fact]
    public async Task A_sent_message_is_received_with_its_md5_and_system_attributes()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        var sentAt = q.Time.GetUtcNow();

        var sent = await q.SendAsync("jobs", "hello");
        q.Time.Advance(TimeSpan.FromSeconds(1));
        var received = Assert.Single(await q.ReceiveAsync("jobs"));

        Assert.Equal("5d41402abc4b2a76b9719d911017c592", sent.MD5OfBody);
        Assert.Null(sent.MD5OfMessageAttributes);
        Assert.Null(sent.SequenceNumber);
        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.True(Guid.TryParse(received.MessageId, out _));
        Assert.Equal("hello", received.Body);
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", received.MD5OfBody);
        Assert.Equal(sentAt, received.SentTimestamp);
        Assert.Equal(sentAt.AddSeconds(1), received.ApproximateFirstReceiveTimestamp);
        Assert.Equal(1, received.ApproximateReceiveCount);
        Assert.Equal("000000000000", received.SenderId);
    }

    [Fact]
    public async Task Message_attributes_round_trip_with_sqs_md5()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["Population"] = new() { DataType = "Number", StringValue = "1250800" },
            ["City"] = new() { DataType = "String", StringValue = "Any City" },
            ["Pic"] = new() { DataType = "Binary", BinaryValue = [1, 2, 3] },
        };

        var sent = await q.Engine.SendMessageAsync("jobs", new OutgoingMessage { Body = "x", MessageAttributes = attributes });
        var received = Assert.Single(await q.ReceiveAsync("jobs"));

        // Computed by hand with SQS's encoding (sorted names; length-prefixed name, type, transport byte, value).
        Assert.Equal("ecd91ef862d36993fc7c0c2e6dcb1e97", sent.MD5OfMessageAttributes);
        Assert.Equal(sent.MD5OfMessageAttributes, received.MD5OfMessageAttributes);
        Assert.Equal("0c32cb5c844c01fbd5b6b434b52cf670", MessageDigest.Md5OfMessageAttributes(
            new Dictionary<string, MessageAttributeValue> { ["City"] = new() { DataType = "String", StringValue = "Any City" } }));
        Assert.Equal("Any City", received.MessageAttributes["City"].StringValue);
        Assert.Equal("1250800", received.MessageAttributes["Population"].StringValue);
        Assert.Equal([1, 2, 3], received.MessageAttributes["Pic"].BinaryValue);
        Assert.Equal("Binary", received.MessageAttributes["Pic"].DataType);
    }

    public static TheoryData<string, MessageAttributeValue> InvalidAttributes => new()
    {
        { "AWS.reserved", new() { DataType = "String", StringValue = "x" } },
        { "amazon.reserved", new() { DataType = "String", StringValue = "x" } },
        { ".leading", new() { DataType = "String", StringValue = "x" } },
        { "double..dot", new() { DataType = "String", StringValue = "x" } },
        { "bad name", new() { DataType = "String", StringValue = "x" } },
        { "type", new() { DataType = "string", StringValue = "x" } },
        { "type", new() { DataType = "Text", StringValue = "x" } },
        { "empty", new() { DataType = "String", StringValue = "" } },
        { "number", new() { DataType = "Number", StringValue = "twelve" } },
        { "binary", new() { DataType = "Binary", StringValue = "x" } },
        { "control", new() { DataType = "String", StringValue = "\u0001" } },
    };

    [Theory]
    [MemberData(nameof(InvalidAttributes))]
    public async Task Invalid_message_attributes_are_InvalidParameterValue(string name, MessageAttributeValue value)
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        var error = await Assert.ThrowsAsync<QueueException>(() => q.Engine.SendMessageAsync("jobs",
            new OutgoingMessage { Body = "x", MessageAttributes = new Dictionary<string, MessageAttributeValue> { [name] = value } }));
        Assert.Equal("InvalidParameterValue", error.Code);
    }

    [Fact]
    public async Task Custom_types_are_accepted_and_at_most_ten_attributes()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        Dictionary<string, MessageAttributeValue> Attributes(int count) => Enumerable.Range(0, count)
            .ToDictionary(i => "a" + i, _ => new MessageAttributeValue { DataType = "String.json", StringValue = "{}" });

        await q.Engine.SendMessageAsync("jobs", new OutgoingMessage { Body = "x", MessageAttributes = Attributes(10) });
        await q.Engine.SendMessageAsync("jobs", new OutgoingMessage
        {
            Body = "x",
            MessageAttributes = new Dictionary<string, MessageAttributeValue> { ["n"] = new() { DataType = "Number.float", StringValue = "-1.5e10" } },
        });
        var error = await Assert.ThrowsAsync<QueueException>(() =>
            q.Engine.SendMessageAsync("jobs", new OutgoingMessage { Body = "x", MessageAttributes = Attributes(11) }));
        Assert.Equal("InvalidParameterValue", error.Code);
    }

    [Fact]
    public async Task Size_limit_counts_body_and_attributes()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");

        await q.SendAsync("jobs", new string('a', 262144));
        var tooLong = await Assert.ThrowsAsync<QueueException>(() => q.SendAsync("jobs", new string('a', 262145)));
        Assert.Equal("InvalidParameterValue", tooLong.Code);

        // 262140 + "k"(1) + "String"(6) + "v"(1) = 262148 bytes.
        var withAttribute = await Assert.ThrowsAsync<QueueException>(() => q.Engine.SendMessageAsync("jobs", new OutgoingMessage
        {
            Body = new string('a', 262140),
            MessageAttributes = new Dictionary<string, MessageAttributeValue> { ["k"] = new() { DataType = "String", StringValue = "v" } },
        }));
        Assert.Equal("InvalidParameterValue", withAttribute.Code);

        // Multi-byte characters count as their UTF-8 bytes.
        await Assert.ThrowsAsync<QueueException>(() => q.SendAsync("jobs", new string('é', 131073)));
        Assert.Equal(262144, Encoding.UTF8.GetByteCount(Assert.Single(await q.ReceiveAsync("jobs")).Body));
    }

    [Fact]
    public async Task Queue_maximum_message_size_applies()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("small", ("MaximumMessageSize", "1024"));
        await q.SendAsync("small", new string('a', 1024));
        await Assert.ThrowsAsync<QueueException>(() => q.SendAsync("small", new string('a', 1025)));
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("bad \u0008 char")]
    [InlineData("\uFFFE")]
    public async Task Characters_outside_sqs_set_are_InvalidMessageContents(string body)
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        var error = await Assert.ThrowsAsync<QueueException>(() => q.SendAsync("jobs", body));
        Assert.Equal("InvalidMessageContents", error.Code);
    }

    [Fact]
    public async Task A_lone_surrogate_is_InvalidMessageContents()
    {
        // Built here: theory data would not carry an unpaired surrogate through intact.
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        var body = "lone " + (char)0xD800 + " surrogate";
        var error = await Assert.ThrowsAsync<QueueException>(() => q.SendAsync("jobs", body));
        Assert.Equal("InvalidMessageContents", error.Code);
    }

    [Fact]
    public async Task Allowed_characters_pass_and_empty_body_is_refused()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        await q.SendAsync("jobs", "tab\t newline\n cr\r emoji 😀 private \uE000 last \uFFFD");
        Assert.Equal("MissingParameter", (await Assert.ThrowsAsync<QueueException>(() => q.SendAsync("jobs", ""))).Code);
    }

    [Fact]
    public async Task A_message_reappears_after_its_visibility_timeout()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs", ("VisibilityTimeout", "30"));
        await q.SendAsync("jobs", "work");

        var first = Assert.Single(await q.ReceiveAsync("jobs"));
        q.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await q.ReceiveAsync("jobs"));
        q.Time.Advance(TimeSpan.FromSeconds(1));
        var second = Assert.Single(await q.ReceiveAsync("jobs", visibility: TimeSpan.FromSeconds(5)));

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(2, second.ApproximateReceiveCount);
        Assert.Equal(first.ApproximateFirstReceiveTimestamp, second.ApproximateFirstReceiveTimestamp);
        Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);
        q.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(await q.ReceiveAsync("jobs"));
    }

    [Fact]
    public async Task A_stale_receipt_handle_is_invalid_and_the_latest_one_deletes()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs", ("VisibilityTimeout", "10"));
        await q.SendAsync("jobs", "work");
        var first = Assert.Single(await q.ReceiveAsync("jobs"));
        q.Time.Advance(TimeSpan.FromSeconds(10));
        var second = Assert.Single(await q.ReceiveAsync("jobs"));

        var stale = await Assert.ThrowsAsync<QueueException>(() => q.Engine.DeleteMessageAsync("jobs", first.ReceiptHandle));
        Assert.Equal("ReceiptHandleIsInvalid", stale.Code);
        await q.Engine.DeleteMessageAsync("jobs", second.ReceiptHandle);
        // Deleting again (message gone) succeeds, as in SQS.
        await q.Engine.DeleteMessageAsync("jobs", second.ReceiptHandle);
        q.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Empty(await q.ReceiveAsync("jobs"));

        var malformed = await Assert.ThrowsAsync<QueueException>(() => q.Engine.DeleteMessageAsync("jobs", "garbage"));
        Assert.Equal("ReceiptHandleIsInvalid", malformed.Code);
    }

    [Fact]
    public async Task A_handle_whose_visibility_expired_still_deletes_until_the_next_receive()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs", ("VisibilityTimeout", "10"));
        await q.SendAsync("jobs", "work");
        var received = Assert.Single(await q.ReceiveAsync("jobs"));
        q.Time.Advance(TimeSpan.FromSeconds(20));

        await q.Engine.DeleteMessageAsync("jobs", received.ReceiptHandle);
        Assert.Empty(await q.ReceiveAsync("jobs"));
    }

    [Fact]
    public async Task ChangeMessageVisibility_extends_or_releases_an_in_flight_message()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs", ("VisibilityTimeout", "10"));
        await q.SendAsync("jobs", "work");
        var received = Assert.Single(await q.ReceiveAsync("jobs"));

        await q.Engine.ChangeMessageVisibilityAsync("jobs", received.ReceiptHandle, TimeSpan.FromSeconds(60));
        q.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(await q.ReceiveAsync("jobs"));
        await q.Engine.ChangeMessageVisibilityAsync("jobs", received.ReceiptHandle, TimeSpan.Zero);

        // Visible now, so no longer in flight.
        var notInFlight = await Assert.ThrowsAsync<QueueException>(() =>
            q.Engine.ChangeMessageVisibilityAsync("jobs", received.ReceiptHandle, TimeSpan.FromSeconds(5)));
        Assert.Equal("AWS.SimpleQueueService.MessageNotInflight", notInFlight.Code);
        var again = Assert.Single(await q.ReceiveAsync("jobs"));
        var stale = await Assert.ThrowsAsync<QueueException>(() =>
            q.Engine.ChangeMessageVisibilityAsync("jobs", received.ReceiptHandle, TimeSpan.FromSeconds(5)));
        Assert.Equal("ReceiptHandleIsInvalid", stale.Code);
        var outOfRange = await Assert.ThrowsAsync<QueueException>(() =>
            q.Engine.ChangeMessageVisibilityAsync("jobs", again.ReceiptHandle, TimeSpan.FromSeconds(43201)));
        Assert.Equal("InvalidParameterValue", outOfRange.Code);
    }

    [Fact]
    public async Task Delay_hides_a_message_until_it_expires()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs", ("DelaySeconds", "5"));
        await q.SendAsync("jobs", "queue delay");
        await q.Engine.SendMessageAsync("jobs", new OutgoingMessage { Body = "own delay", Delay = TimeSpan.FromSeconds(20) });
        await q.Engine.SendMessageAsync("jobs", new OutgoingMessage { Body = "no delay", Delay = TimeSpan.Zero });

        Assert.Equal("no delay", Assert.Single(await q.ReceiveAsync("jobs")).Body);
        Assert.Equal("2", q.Attribute("jobs", "ApproximateNumberOfMessagesDelayed"));
        q.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("queue delay", Assert.Single(await q.ReceiveAsync("jobs")).Body);
        q.Time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("own delay", Assert.Single(await q.ReceiveAsync("jobs")).Body);

        var error = await Assert.ThrowsAsync<QueueException>(() =>
            q.Engine.SendMessageAsync("jobs", new OutgoingMessage { Body = "x", Delay = TimeSpan.FromSeconds(901) }));
        Assert.Equal("InvalidParameterValue", error.Code);
    }

    [Fact]
    public async Task Expired_messages_are_never_returned()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs", ("MessageRetentionPeriod", "60"));
        await q.SendAsync("jobs", "old");
        q.Time.Advance(TimeSpan.FromSeconds(30));
        await q.SendAsync("jobs", "young");
        q.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal("1", q.Attribute("jobs", "ApproximateNumberOfMessages"));
        Assert.Equal("young", Assert.Single(await q.ReceiveAsync("jobs")).Body);
    }

    [Fact]
    public async Task Receive_respects_the_batch_size_and_the_platform_may_take_more_than_ten()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        for (var i = 0; i < 25; i++)
            await q.SendAsync("jobs", "m" + i);

        Assert.Equal(3, (await q.ReceiveAsync("jobs", max: 3)).Count);
        Assert.Equal(22, (await q.ReceiveAsync("jobs", max: 100)).Count);
        var api = Assert.Throws<QueueException>(() => q.Engine.CreateApiReceiveRequest("jobs", maxNumberOfMessages: 11));
        Assert.Equal("InvalidParameterValue", api.Code);
        Assert.Equal(TimeSpan.FromSeconds(0), q.Engine.CreateApiReceiveRequest("jobs").WaitTime);
    }

    [Fact]
    public async Task Batches_report_each_entry()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");

        var sent = await q.Engine.SendMessageBatchAsync("jobs",
        [
            new("a", new OutgoingMessage { Body = "one" }),
            new("b", new OutgoingMessage { Body = "" }),
            new("c", new OutgoingMessage { Body = "three" }),
        ]);
        Assert.Equal(["a", "c"], sent.Successful.Select(s => s.Id));
        Assert.Equal("b", Assert.Single(sent.Failed).Id);
        Assert.True(sent.Failed[0].SenderFault);

        var received = await q.ReceiveAsync("jobs");
        Assert.Equal(2, received.Count);
        var deleted = await q.Engine.DeleteMessageBatchAsync("jobs",
            [new("x", received[0].ReceiptHandle), new("y", "not-a-handle")]);
        Assert.Equal("x", Assert.Single(deleted.Successful).Id);
        Assert.Equal("ReceiptHandleIsInvalid", Assert.Single(deleted.Failed).Code);
        var changed = await q.Engine.ChangeMessageVisibilityBatchAsync("jobs",
            [new("z", new VisibilityChange(received[1].ReceiptHandle, TimeSpan.Zero))]);
        Assert.Single(changed.Successful);
        Assert.Single(await q.ReceiveAsync("jobs"));

        Assert.Equal("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", (await Assert.ThrowsAsync<QueueException>(() =>
            q.Engine.SendMessageBatchAsync("jobs", [new("a", new OutgoingMessage { Body = "1" }), new("a", new OutgoingMessage { Body = "2" })]))).Code);
        Assert.Equal("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", (await Assert.ThrowsAsync<QueueException>(() =>
            q.Engine.SendMessageBatchAsync("jobs", Enumerable.Range(0, 11).Select(i => new BatchEntry<OutgoingMessage>("e" + i, new OutgoingMessage { Body = "x" })).ToList()))).Code);
        Assert.Equal("AWS.SimpleQueueService.EmptyBatchRequest", (await Assert.ThrowsAsync<QueueException>(() =>
            q.Engine.SendMessageBatchAsync("jobs", []))).Code);
        Assert.Equal("AWS.SimpleQueueService.BatchRequestTooLong", (await Assert.ThrowsAsync<QueueException>(() =>
            q.Engine.SendMessageBatchAsync("jobs", [new("a", new OutgoingMessage { Body = new string('a', 200000) }), new("b", new OutgoingMessage { Body = new string('a', 100000) })]))).Code);
        Assert.Equal("AWS.SimpleQueueService.InvalidBatchEntryId", (await Assert.ThrowsAsync<QueueException>(() =>
            q.Engine.SendMessageBatchAsync("jobs", [new("bad id!", new OutgoingMessage { Body = "1" })]))).Code);
    }
}
