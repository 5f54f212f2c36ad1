using System.Net;
using System.Text;
using System.Text.Json;

namespace Platform.IntegrationTests.Topics;

/// <summary>Publish → SQS queues and a function, end to end through the aws CLI, with the exact
/// shapes SNS delivers: the envelope, raw delivery, Lambda's Records[].Sns, filter policies,
/// MessageStructure, FIFO order, dead letters and the HTTP confirmation handshake.</summary>
[Collection(SnsPlatformCollection.Name)]
public sealed class SnsFanOutTests(SnsPlatformFixture sns)
{
    private const string AuditArn = "arn:aws:lambda:us-east-1:000000000000:function:audit";

    [Fact]
    public async Task Publish_fans_out_to_an_envelope_queue_a_raw_queue_and_a_function_with_exact_shapes()
    {
        var name = SnsPlatformFixture.UniqueName("fan");
        var topic = SnsPlatformFixture.TopicArn(name);
        await sns.SnsAsync("create-topic", "--name", name);
        await sns.RunAsync("sqs", "create-queue", "--queue-name", name + "-env");
        await sns.RunAsync("sqs", "create-queue", "--queue-name", name + "-raw");
        var envelopeSub = (await sns.SnsAsync("subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint",
            SnsPlatformFixture.QueueArn(name + "-env")))!.Value.GetProperty("SubscriptionArn").GetString()!;
        await sns.SnsAsync("subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", SnsPlatformFixture.QueueArn(name + "-raw"),
            "--attributes", "RawMessageDelivery=true");
        var lambdaSub = (await sns.SnsAsync("subscribe", "--topic-arn", topic, "--protocol", "lambda", "--notification-endpoint", AuditArn))!.Value
            .GetProperty("SubscriptionArn").GetString()!;

        var published = (await sns.SnsAsync("publish", "--topic-arn", topic, "--message", """{"id":1,"text":"héllo <&>"}""", "--subject", "New order",
            "--message-attributes", """{"type":{"DataType":"String","StringValue":"order"},"n":{"DataType":"Number","StringValue":"42"},"b":{"DataType":"Binary","BinaryValue":"AAEC"}}"""))!.Value;
        var messageId = published.GetProperty("MessageId").GetString()!;

        var envelope = (await sns.ReceiveAsync(name + "-env", 1))[0];
        var body = envelope.GetProperty("Body").GetString()!;
        using var parsed = JsonDocument.Parse(body);
        var root = parsed.RootElement;
        Assert.Equal(["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL",
            "MessageAttributes"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Notification", root.GetProperty("Type").GetString());
        Assert.Equal(messageId, root.GetProperty("MessageId").GetString());
        Assert.Equal(topic, root.GetProperty("TopicArn").GetString());
        Assert.Equal("New order", root.GetProperty("Subject").GetString());
        Assert.Equal("""{"id":1,"text":"héllo <&>"}""", root.GetProperty("Message").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", root.GetProperty("Timestamp").GetString()!);
        Assert.Equal("1", root.GetProperty("SignatureVersion").GetString());
        Assert.EndsWith("/?Action=Unsubscribe&SubscriptionArn=" + envelopeSub, root.GetProperty("UnsubscribeURL").GetString());
        var attributes = root.GetProperty("MessageAttributes");
        Assert.Equal("""{"Type":"String","Value":"order"}""", attributes.GetProperty("type").GetRawText());
        Assert.Equal("""{"Type":"Number","Value":"42"}""", attributes.GetProperty("n").GetRawText());
        Assert.Equal("""{"Type":"Binary","Value":"AAEC"}""", attributes.GetProperty("b").GetRawText());
        // SNS's own layout: two-space indent and "Key" : value.
        Assert.StartsWith("{\n  \"Type\" : \"Notification\",\n  \"MessageId\" : \"", body);
        Assert.Empty(envelope.TryGetProperty("MessageAttributes", out var none) ? none.EnumerateObject() : default(JsonElement.ObjectEnumerator));

        var raw = (await sns.ReceiveAsync(name + "-raw", 1))[0];
        Assert.Equal("""{"id":1,"text":"héllo <&>"}""", raw.GetProperty("Body").GetString());
        var rawAttributes = raw.GetProperty("MessageAttributes");
        Assert.Equal("order", rawAttributes.GetProperty("type").GetProperty("StringValue").GetString());
        Assert.Equal("Number", rawAttributes.GetProperty("n").GetProperty("DataType").GetString());
        Assert.Equal("AAEC", rawAttributes.GetProperty("b").GetProperty("BinaryValue").GetString());

        var events = await sns.Audit.WaitForAsync(e => SnsOf(e)?.GetProperty("MessageId").GetString() == messageId);
        var record = events[0].GetProperty("Records")[0];
        Assert.Single(events[0].GetProperty("Records").EnumerateArray());
        Assert.Equal(["EventSource", "EventVersion", "EventSubscriptionArn", "Sns"], record.EnumerateObject().Select(p => p.Name));
        Assert.Equal("aws:sns", record.GetProperty("EventSource").GetString());
        Assert.Equal("1.0", record.GetProperty("EventVersion").GetString());
        Assert.Equal(lambdaSub, record.GetProperty("EventSubscriptionArn").GetString());
        var lambdaSns = record.GetProperty("Sns");
        Assert.Equal(["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertUrl", "UnsubscribeUrl",
            "MessageAttributes"], lambdaSns.EnumerateObject().Select(p => p.Name));
        Assert.Equal("New order", lambdaSns.GetProperty("Subject").GetString());
        Assert.Equal(root.GetProperty("Timestamp").GetString(), lambdaSns.GetProperty("Timestamp").GetString());
        Assert.Equal("""{"Type":"Number","Value":"42"}""", lambdaSns.GetProperty("MessageAttributes").GetProperty("n").GetRawText());
        Assert.EndsWith("SubscriptionArn=" + lambdaSub, lambdaSns.GetProperty("UnsubscribeUrl").GetString());

        // Without a subject the function sees "Subject": null.
        var plainId = (await sns.SnsAsync("publish", "--topic-arn", topic, "--message", "plain"))!.Value.GetProperty("MessageId").GetString();
        var plain = await sns.Audit.WaitForAsync(e => SnsOf(e)?.GetProperty("MessageId").GetString() == plainId);
        Assert.Equal(JsonValueKind.Null, SnsOf(plain[0])!.Value.GetProperty("Subject").ValueKind);
        Assert.Equal("{}", SnsOf(plain[0])!.Value.GetProperty("MessageAttributes").GetRawText());
    }

    [Fact]
    public async Task Filter_policies_on_attributes_and_on_the_body_and_message_structure_per_protocol()
    {
        var name = SnsPlatformFixture.UniqueName("filter");
        var topic = SnsPlatformFixture.TopicArn(name);
        await sns.SnsAsync("create-topic", "--name", name);
        foreach (var suffix in new[] { "attr", "body", "all" })
            // Long visibility: on a slow machine a redelivery after 30 s must not look like a second message.
            await sns.RunAsync("sqs", "create-queue", "--queue-name", $"{name}-{suffix}", "--attributes", "VisibilityTimeout=3600");
        await sns.SnsAsync("subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", SnsPlatformFixture.QueueArn(name + "-attr"),
            "--attributes", JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["RawMessageDelivery"] = "true",
                ["FilterPolicy"] = """{"type":["order"],"price":[{"numeric":[">",100]}]}""",
            }));
        await sns.SnsAsync("subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", SnsPlatformFixture.QueueArn(name + "-body"),
            "--attributes", JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["RawMessageDelivery"] = "true",
                ["FilterPolicyScope"] = "MessageBody",
                ["FilterPolicy"] = """{"order":{"region":[{"prefix":"eu-"}]}}""",
            }));
        await sns.SnsAsync("subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", SnsPlatformFixture.QueueArn(name + "-all"),
            "--attributes", "RawMessageDelivery=true");

        async Task Publish(string message, string attributes) =>
            await sns.SnsAsync("publish", "--topic-arn", topic, "--message", message, "--message-attributes", attributes);
        await Publish("cheap order", """{"type":{"DataType":"String","StringValue":"order"},"price":{"DataType":"Number","StringValue":"5"}}""");
        await Publish("big order", """{"type":{"DataType":"String","StringValue":"order"},"price":{"DataType":"Number","StringValue":"500"}}""");
        await Publish("""{"order":{"region":"us-east-1"}}""", """{"type":{"DataType":"String","StringValue":"refund"}}""");
        await Publish("""{"order":{"region":"eu-west-1"}}""", """{"type":{"DataType":"String","StringValue":"refund"}}""");
        await sns.SnsAsync("publish", "--topic-arn", topic, "--message-structure", "json",
            "--message", """{"default":"fallback","sqs":"for queues","lambda":"for functions"}""");

        // The unfiltered queue got all five: every earlier publish has been fanned out by now.
        var all = await sns.ReceiveAsync(name + "-all", 5);
        Assert.Contains(all, m => m.GetProperty("Body").GetString() == "for queues");
        Assert.Equal(["big order"], (await sns.ReceiveAsync(name + "-attr", 1)).Select(m => m.GetProperty("Body").GetString()));
        Assert.Equal(["""{"order":{"region":"eu-west-1"}}"""], (await sns.ReceiveAsync(name + "-body", 1)).Select(m => m.GetProperty("Body").GetString()));
        var leftover = await sns.RunAsync("sqs", "receive-message", "--queue-url", sns.QueueUrl(name + "-attr"), "--wait-time-seconds", "0");
        Assert.Null(leftover);
    }

    [Fact]
    public async Task A_fifo_topic_keeps_group_order_into_a_fifo_queue_and_drops_duplicates()
    {
        var name = SnsPlatformFixture.UniqueName("order") + ".fifo";
        var topic = SnsPlatformFixture.TopicArn(name);
        await sns.SnsAsync("create-topic", "--name", name, "--attributes", "FifoTopic=true,ContentBasedDeduplication=true");
        await sns.RunAsync("sqs", "create-queue", "--queue-name", name, "--attributes", "FifoQueue=true");
        await sns.SnsAsync("subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", SnsPlatformFixture.QueueArn(name));
        var sequenceNumbers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var result = (await sns.SnsAsync("publish", "--topic-arn", topic, "--message", $"m{i}", "--message-group-id", "g"))!.Value;
            sequenceNumbers.Add(result.GetProperty("SequenceNumber").GetString()!);
        }
        var duplicate = (await sns.SnsAsync("publish", "--topic-arn", topic, "--message", "m0", "--message-group-id", "g"))!.Value;
        Assert.Equal(sequenceNumbers[0], duplicate.GetProperty("SequenceNumber").GetString());
        Assert.Equal(sequenceNumbers.Order(StringComparer.Ordinal), sequenceNumbers);
        Assert.Contains("MessageGroupId parameter is required", await sns.SnsErrorAsync("publish", "--topic-arn", topic, "--message", "x"));

        var received = new List<JsonElement>();
        while (received.Count < 5)
        {
            var batch = await sns.ReceiveAsync(name, 1);
            received.AddRange(batch);
            foreach (var message in batch)
                await sns.RunAsync("sqs", "delete-message", "--queue-url", sns.QueueUrl(name), "--receipt-handle", message.GetProperty("ReceiptHandle").GetString()!);
        }
        var envelopes = received.Select(m => JsonDocument.Parse(m.GetProperty("Body").GetString()!).RootElement).ToList();
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], envelopes.Select(e => e.GetProperty("Message").GetString()));
        Assert.Equal(sequenceNumbers, envelopes.Select(e => e.GetProperty("SequenceNumber").GetString()!));
        Assert.Equal(["Type", "MessageId", "SequenceNumber", "TopicArn"], envelopes[0].EnumerateObject().Take(4).Select(p => p.Name));
        Assert.All(received, m => Assert.Equal("g", m.GetProperty("Attributes").GetProperty("MessageGroupId").GetString()));
    }

    [Fact]
    public async Task A_delivery_that_cannot_succeed_goes_to_the_subscription_dead_letter_queue()
    {
        var name = SnsPlatformFixture.UniqueName("dlq");
        var topic = SnsPlatformFixture.TopicArn(name);
        await sns.SnsAsync("create-topic", "--name", name);
        await sns.RunAsync("sqs", "create-queue", "--queue-name", name + "-dlq");
        await sns.SnsAsync("subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", SnsPlatformFixture.QueueArn(name + "-missing"),
            "--attributes", JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{SnsPlatformFixture.QueueArn(name + "-dlq")}}"}""",
            }));
        await sns.SnsAsync("subscribe", "--topic-arn", topic, "--protocol", "lambda", "--notification-endpoint",
            "arn:aws:lambda:us-east-1:000000000000:function:no-such-function", "--attributes", JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{SnsPlatformFixture.QueueArn(name + "-dlq")}}"}""",
            }));
        var messageId = (await sns.SnsAsync("publish", "--topic-arn", topic, "--message", "undeliverable"))!.Value.GetProperty("MessageId").GetString();
        var dead = await sns.ReceiveAsync(name + "-dlq", 2);
        Assert.All(dead, m => Assert.Equal(messageId, JsonDocument.Parse(m.GetProperty("Body").GetString()!).RootElement.GetProperty("MessageId").GetString()));
    }

    [Fact]
    public async Task An_http_endpoint_confirms_through_the_subscribe_url_then_receives_notifications()
    {
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var name = SnsPlatformFixture.UniqueName("http");
        var topic = SnsPlatformFixture.TopicArn(name);
        await sns.SnsAsync("create-topic", "--name", name);
        var subscription = (await sns.SnsAsync("subscribe", "--topic-arn", topic, "--protocol", "http", "--notification-endpoint",
            $"http://127.0.0.1:{port}/hook", "--return-subscription-arn"))!.Value.GetProperty("SubscriptionArn").GetString()!;

        var (confirmationHeaders, confirmationBody) = await ReceiveOneAsync(listener);
        Assert.Equal("SubscriptionConfirmation", confirmationHeaders["x-amz-sns-message-type"]);
        Assert.Equal(topic, confirmationHeaders["x-amz-sns-topic-arn"]);
        using var confirmation = JsonDocument.Parse(confirmationBody);
        Assert.Equal(["Type", "MessageId", "Token", "TopicArn", "Message", "SubscribeURL", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL"],
            confirmation.RootElement.EnumerateObject().Select(p => p.Name));
        // A publish before confirmation reaches nobody.
        await sns.SnsAsync("publish", "--topic-arn", topic, "--message", "too early");

        // The subscriber follows SubscribeURL, as SNS's SDK helpers do.
        using (var client = new HttpClient())
        {
            var answer = await client.GetAsync(confirmation.RootElement.GetProperty("SubscribeURL").GetString());
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains($"<SubscriptionArn>{subscription}</SubscriptionArn>", await answer.Content.ReadAsStringAsync());
        }
        Assert.Equal("false", (await sns.SnsAsync("get-subscription-attributes", "--subscription-arn", subscription))!.Value
            .GetProperty("Attributes").GetProperty("PendingConfirmation").GetString());

        var messageId = (await sns.SnsAsync("publish", "--topic-arn", topic, "--message", "hello http"))!.Value.GetProperty("MessageId").GetString();
        var (headers, body) = await ReceiveOneAsync(listener);
        Assert.Equal("Notification", headers["x-amz-sns-message-type"]);
        Assert.Equal(messageId, headers["x-amz-sns-message-id"]);
        Assert.Equal(subscription, headers["x-amz-sns-subscription-arn"]);
        using var notification = JsonDocument.Parse(body);
        Assert.Equal("hello http", notification.RootElement.GetProperty("Message").GetString());
    }

    private static async Task<(Dictionary<string, string> Headers, string Body)> ReceiveOneAsync(HttpListener listener)
    {
        var context = await listener.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(20));
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.AllKeys.ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k]!);
        context.Response.StatusCode = 200;
        context.Response.Close();
        return (headers, body);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static JsonElement? SnsOf(JsonElement e) =>
        e.TryGetProperty("Records", out var records) && records.GetArrayLength() > 0 && records[0].TryGetProperty("Sns", out var s) ? s : null;
}
