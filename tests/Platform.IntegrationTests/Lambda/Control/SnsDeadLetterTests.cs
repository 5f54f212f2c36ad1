using System.Text.Json;

namespace Platform.IntegrationTests.Lambda.Control;

/// <summary>DeadLetterConfig naming an SNS topic, through the aws CLI: the function's given-up async
/// event is published to the topic as Lambda publishes it — the original payload as the message,
/// RequestID, ErrorCode and ErrorMessage as message attributes — and reaches the topic's SQS
/// subscriptions, raw (SQS message attributes) and wrapped (the JSON envelope's MessageAttributes).
/// A target of another service is refused as Lambda refuses it.</summary>
public sealed class SnsDeadLetterTests
{
    private const string Account = "000000000000";
    private const string Topic = $"arn:aws:sns:us-east-1:{Account}:dead-letters-topic";

    [Fact]
    public async Task A_failing_async_event_is_published_to_the_dead_letter_topic_with_its_attributes()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var cli = platform.Cli;
        Assert.Equal(Topic, JsonDocument.Parse(await cli.RunOkAsync("sns", "create-topic", "--name", "dead-letters-topic"))
            .RootElement.GetProperty("TopicArn").GetString());
        var raw = await SubscribedQueueAsync(cli, "raw-dlq", rawDelivery: true);
        var wrapped = await SubscribedQueueAsync(cli, "wrapped-dlq", rawDelivery: false);

        var zip = platform.Zip("f.zip", ("app.py", "def handler(e, c):\n    raise ValueError('cannot process ' + e['id'])\n", false));
        await cli.RunOkAsync("lambda", "create-function", "--function-name", "failing", "--runtime", "python3.12",
            "--handler", "app.handler", "--zip-file", "fileb://" + zip, "--role", ControlPlatform.Role);
        await cli.RunOkAsync("lambda", "wait", "function-active-v2", "--function-name", "failing");

        // Another service's ARN is not a dead-letter target; a value outside the model's pattern is a ValidationException.
        var refused = await cli.RunAsync("lambda", "update-function-configuration", "--function-name", "failing",
            "--dead-letter-config", $"TargetArn=arn:aws:dynamodb:us-east-1:{Account}:table/t");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(InvalidParameterValueException)", refused.StandardError, StringComparison.Ordinal);
        var malformed = await cli.RunAsync("lambda", "update-function-configuration", "--function-name", "failing",
            "--dead-letter-config", "TargetArn=dead-letters-topic");
        Assert.NotEqual(0, malformed.ExitCode);
        Assert.Contains("(ValidationException)", malformed.StandardError, StringComparison.Ordinal);

        var updated = JsonDocument.Parse(await cli.RunOkAsync("lambda", "update-function-configuration", "--function-name", "failing",
            "--dead-letter-config", "TargetArn=" + Topic)).RootElement;
        Assert.Equal(Topic, updated.GetProperty("DeadLetterConfig").GetProperty("TargetArn").GetString());
        await cli.RunOkAsync("lambda", "wait", "function-updated-v2", "--function-name", "failing");
        await cli.RunOkAsync("lambda", "put-function-event-invoke-config", "--function-name", "failing", "--maximum-retry-attempts", "0");

        var outFile = Path.Combine(platform.Directory.FullName, "out.json");
        var invoked = await cli.RunAsync("lambda", "invoke", "--function-name", "failing", "--invocation-type", "Event",
            "--cli-binary-format", "raw-in-base64-out", "--payload", "{\"id\": \"e-1\"}", "--debug", outFile);
        Assert.True(invoked.ExitCode == 0, invoked.StandardError);
        var requestId = System.Text.RegularExpressions.Regex.Match(invoked.StandardError, @"'x-amzn-RequestId': '([^']+)'").Groups[1].Value;
        Assert.NotEmpty(requestId);

        var rawMessage = await ReceiveOneAsync(cli, raw);
        Assert.Equal("{\"id\": \"e-1\"}", rawMessage.GetProperty("Body").GetString());
        var attributes = rawMessage.GetProperty("MessageAttributes");
        Assert.Equal(requestId, attributes.GetProperty("RequestID").GetProperty("StringValue").GetString());
        Assert.Equal("Number", attributes.GetProperty("ErrorCode").GetProperty("DataType").GetString());
        Assert.Equal("200", attributes.GetProperty("ErrorCode").GetProperty("StringValue").GetString());
        Assert.Equal("cannot process e-1", attributes.GetProperty("ErrorMessage").GetProperty("StringValue").GetString());

        var envelope = JsonDocument.Parse((await ReceiveOneAsync(cli, wrapped)).GetProperty("Body").GetString()!).RootElement;
        Assert.Equal("Notification", envelope.GetProperty("Type").GetString());
        Assert.Equal(Topic, envelope.GetProperty("TopicArn").GetString());
        Assert.Equal("{\"id\": \"e-1\"}", envelope.GetProperty("Message").GetString());
        var wrappedAttributes = envelope.GetProperty("MessageAttributes");
        Assert.Equal(requestId, wrappedAttributes.GetProperty("RequestID").GetProperty("Value").GetString());
        Assert.Equal("Number", wrappedAttributes.GetProperty("ErrorCode").GetProperty("Type").GetString());
        Assert.Equal("200", wrappedAttributes.GetProperty("ErrorCode").GetProperty("Value").GetString());
        Assert.Equal("cannot process e-1", wrappedAttributes.GetProperty("ErrorMessage").GetProperty("Value").GetString());
    }

    private static async Task<string> SubscribedQueueAsync(Support.AwsCli cli, string name, bool rawDelivery)
    {
        var url = JsonDocument.Parse(await cli.RunOkAsync("sqs", "create-queue", "--queue-name", name)).RootElement.GetProperty("QueueUrl").GetString()!;
        await cli.RunOkAsync("sns", "subscribe", "--topic-arn", Topic, "--protocol", "sqs",
            "--notification-endpoint", $"arn:aws:sqs:us-east-1:{Account}:{name}",
            "--attributes", $"{{\"RawMessageDelivery\":\"{(rawDelivery ? "true" : "false")}\"}}");
        return url;
    }

    /// <summary>Long-polls until a message arrives; fails after a deadline that covers a cold start.</summary>
    private static async Task<JsonElement> ReceiveOneAsync(Support.AwsCli cli, string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"nothing reached {url}");
            var output = await cli.RunOkAsync("sqs", "receive-message", "--queue-url", url, "--wait-time-seconds", "5",
                "--message-attribute-names", "All");
            if (output.Trim().Length > 0 && JsonDocument.Parse(output).RootElement.TryGetProperty("Messages", out var messages)
                && messages.GetArrayLength() > 0)
                return messages[0].Clone();
        }
    }
}
