using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Topics;

/// <summary>S3 bucket notifications to SQS queues, SNS topics and EventBridge, through the aws CLI and
/// boto3: the configuration round trip, S3's validation, the s3:TestEvent, and the event each
/// destination receives (the notification record in a queue, SNS's envelope around it, S3's
/// EventBridge event routed by a rule to a queue).</summary>
[Collection(SnsPlatformCollection.Name)]
public sealed class S3NotificationFanOutTests(SnsPlatformFixture platform)
{
    [Fact]
    public async Task Queue_topic_and_eventbridge_configurations_round_trip_through_the_aws_cli()
    {
        var name = SnsPlatformFixture.UniqueName("s3rt");
        await platform.RunAsync("s3api", "create-bucket", "--bucket", name);
        await platform.RunAsync("sqs", "create-queue", "--queue-name", name);
        await platform.SnsAsync("create-topic", "--name", name);
        var configuration = $$"""
            {"QueueConfigurations":[{"Id":"to-queue","QueueArn":"{{SnsPlatformFixture.QueueArn(name)}}","Events":["s3:ObjectCreated:*"],
              "Filter":{"Key":{"FilterRules":[{"Name":"prefix","Value":"in/"},{"Name":"suffix","Value":".txt"}]} } }],
             "TopicConfigurations":[{"Id":"to-topic","TopicArn":"{{SnsPlatformFixture.TopicArn(name)}}","Events":["s3:ObjectRemoved:*"]}],
             "EventBridgeConfiguration":{ } }
            """;
        await platform.RunAsync("s3api", "put-bucket-notification-configuration", "--bucket", name, "--notification-configuration", configuration);

        var stored = (await platform.RunAsync("s3api", "get-bucket-notification-configuration", "--bucket", name))!.Value;
        var queue = Assert.Single(stored.GetProperty("QueueConfigurations").EnumerateArray());
        Assert.Equal("to-queue", queue.GetProperty("Id").GetString());
        Assert.Equal(SnsPlatformFixture.QueueArn(name), queue.GetProperty("QueueArn").GetString());
        Assert.Equal(["s3:ObjectCreated:*"], queue.GetProperty("Events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["prefix=in/", "suffix=.txt"], queue.GetProperty("Filter").GetProperty("Key").GetProperty("FilterRules").EnumerateArray()
            .Select(r => r.GetProperty("Name").GetString()!.ToLowerInvariant() + "=" + r.GetProperty("Value").GetString()));
        var topic = Assert.Single(stored.GetProperty("TopicConfigurations").EnumerateArray());
        Assert.Equal("to-topic", topic.GetProperty("Id").GetString());
        Assert.Equal(SnsPlatformFixture.TopicArn(name), topic.GetProperty("TopicArn").GetString());
        Assert.Equal(JsonValueKind.Object, stored.GetProperty("EventBridgeConfiguration").ValueKind);
        Assert.False(stored.TryGetProperty("LambdaFunctionConfigurations", out _));
    }

    [Fact]
    public async Task A_queue_gets_the_test_event_then_one_record_per_matching_upload_and_the_filter_holds()
    {
        var name = SnsPlatformFixture.UniqueName("s3q");
        await platform.RunAsync("s3api", "create-bucket", "--bucket", name);
        await platform.RunAsync("sqs", "create-queue", "--queue-name", name);
        await platform.RunAsync("s3api", "put-bucket-notification-configuration", "--bucket", name, "--notification-configuration", $$"""
            {"QueueConfigurations":[{"Id":"uploads","QueueArn":"{{SnsPlatformFixture.QueueArn(name)}}","Events":["s3:ObjectCreated:*"],
              "Filter":{"Key":{"FilterRules":[{"Name":"prefix","Value":"in/"}]} } }]}
            """);

        var test = JsonDocument.Parse((await platform.ReceiveAsync(name, 1))[0].GetProperty("Body").GetString()!).RootElement;
        Assert.Equal(["Service", "Event", "Time", "Bucket", "RequestId", "HostId"], test.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Amazon S3", test.GetProperty("Service").GetString());
        Assert.Equal("s3:TestEvent", test.GetProperty("Event").GetString());
        Assert.Equal(name, test.GetProperty("Bucket").GetString());

        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "hello");
        try
        {
            await platform.RunAsync("s3api", "put-object", "--bucket", name, "--key", "out/skipped.txt", "--body", file);
            var put = (await platform.RunAsync("s3api", "put-object", "--bucket", name, "--key", "in/red flower.txt", "--body", file))!.Value;

            var messages = await platform.ReceiveAsync(name, 1);
            var body = JsonDocument.Parse(Assert.Single(messages).GetProperty("Body").GetString()!).RootElement;
            var record = Assert.Single(body.GetProperty("Records").EnumerateArray());
            Assert.Equal("2.1", record.GetProperty("eventVersion").GetString());
            Assert.Equal("aws:s3", record.GetProperty("eventSource").GetString());
            Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
            var s3 = record.GetProperty("s3");
            Assert.Equal("uploads", s3.GetProperty("configurationId").GetString());
            Assert.Equal(name, s3.GetProperty("bucket").GetProperty("name").GetString());
            var obj = s3.GetProperty("object");
            Assert.Equal("in/red+flower.txt", obj.GetProperty("key").GetString());
            Assert.Equal(5, obj.GetProperty("size").GetInt64());
            Assert.Equal(put.GetProperty("ETag").GetString()!.Trim('"'), obj.GetProperty("eTag").GetString());
            Assert.Matches("^[0-9A-F]{16}$", obj.GetProperty("sequencer").GetString()!);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_topic_subscribed_by_a_queue_delivers_the_event_in_sns_envelope()
    {
        var name = SnsPlatformFixture.UniqueName("s3t");
        var topicArn = SnsPlatformFixture.TopicArn(name);
        await platform.RunAsync("s3api", "create-bucket", "--bucket", name);
        await platform.RunAsync("sqs", "create-queue", "--queue-name", name);
        await platform.SnsAsync("create-topic", "--name", name);
        await platform.SnsAsync("subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--notification-endpoint", SnsPlatformFixture.QueueArn(name));
        await platform.RunAsync("s3api", "put-bucket-notification-configuration", "--bucket", name, "--notification-configuration", $$"""
            {"TopicConfigurations":[{"Id":"removals","TopicArn":"{{topicArn}}","Events":["s3:ObjectRemoved:*"]}]}
            """);

        var test = Envelope((await platform.ReceiveAsync(name, 1))[0]);
        Assert.Equal("Amazon S3 Notification", test.GetProperty("Subject").GetString());
        Assert.Equal("s3:TestEvent", JsonDocument.Parse(test.GetProperty("Message").GetString()!).RootElement.GetProperty("Event").GetString());

        var file = Path.GetTempFileName();
        try
        {
            await platform.RunAsync("s3api", "put-object", "--bucket", name, "--key", "gone.txt", "--body", file);   // not selected
        }
        finally
        {
            File.Delete(file);
        }

        await platform.RunAsync("s3api", "delete-object", "--bucket", name, "--key", "gone.txt");
        var envelope = Envelope((await platform.ReceiveAsync(name, 1))[0]);
        Assert.Equal("Notification", envelope.GetProperty("Type").GetString());
        Assert.Equal(topicArn, envelope.GetProperty("TopicArn").GetString());
        Assert.Equal("Amazon S3 Notification", envelope.GetProperty("Subject").GetString());
        var record = JsonDocument.Parse(envelope.GetProperty("Message").GetString()!).RootElement.GetProperty("Records")[0];
        Assert.Equal("ObjectRemoved:Delete", record.GetProperty("eventName").GetString());
        Assert.Equal("gone.txt", record.GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        Assert.False(record.GetProperty("s3").GetProperty("object").TryGetProperty("size", out _));
    }

    [Fact]
    public async Task Eventbridge_configuration_puts_object_created_on_the_default_bus_for_a_rule_to_route()
    {
        var name = SnsPlatformFixture.UniqueName("s3eb");
        await platform.RunAsync("s3api", "create-bucket", "--bucket", name);
        await platform.RunAsync("sqs", "create-queue", "--queue-name", name);
        await platform.RunAsync("events", "put-rule", "--name", name, "--event-pattern",
            $$"""{"source":["aws.s3"],"detail-type":["Object Created"],"detail":{"bucket":{"name":["{{name}}"]} } }""");
        await platform.RunAsync("events", "put-targets", "--rule", name, "--targets", $"Id=q,Arn={SnsPlatformFixture.QueueArn(name)}");
        await platform.RunAsync("s3api", "put-bucket-notification-configuration", "--bucket", name, "--notification-configuration",
            """{"EventBridgeConfiguration":{}}""");

        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "abc");
        try
        {
            var put = (await platform.RunAsync("s3api", "put-object", "--bucket", name, "--key", "a b.txt", "--body", file))!.Value;
            await platform.RunAsync("s3api", "delete-object", "--bucket", name, "--key", "a b.txt");   // "Object Deleted": not routed

            var message = Assert.Single(await platform.ReceiveAsync(name, 1));
            var ev = JsonDocument.Parse(message.GetProperty("Body").GetString()!).RootElement;
            Assert.Equal("0", ev.GetProperty("version").GetString());
            Assert.Equal("Object Created", ev.GetProperty("detail-type").GetString());
            Assert.Equal("aws.s3", ev.GetProperty("source").GetString());
            Assert.Equal(["arn:aws:s3:::" + name], ev.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
            var detail = ev.GetProperty("detail");
            Assert.Equal(name, detail.GetProperty("bucket").GetProperty("name").GetString());
            Assert.Equal("a b.txt", detail.GetProperty("object").GetProperty("key").GetString());
            Assert.Equal(3, detail.GetProperty("object").GetProperty("size").GetInt64());
            Assert.Equal(put.GetProperty("ETag").GetString()!.Trim('"'), detail.GetProperty("object").GetProperty("etag").GetString());
            Assert.Equal("PutObject", detail.GetProperty("reason").GetString());
            Assert.Equal("000000000000", detail.GetProperty("requester").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_missing_queue_or_topic_and_overlapping_filters_are_invalid_arguments()
    {
        var name = SnsPlatformFixture.UniqueName("s3bad");
        await platform.RunAsync("s3api", "create-bucket", "--bucket", name);
        await platform.RunAsync("sqs", "create-queue", "--queue-name", name);
        var missing = await platform.Aws.RunAsync("s3api", "put-bucket-notification-configuration", "--bucket", name, "--notification-configuration", $$"""
            {"QueueConfigurations":[{"QueueArn":"{{SnsPlatformFixture.QueueArn(name + "-none")}}","Events":["s3:ObjectCreated:*"]}],
             "TopicConfigurations":[{"TopicArn":"{{SnsPlatformFixture.TopicArn(name + "-none")}}","Events":["s3:ObjectRemoved:*"]}]}
            """);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("InvalidArgument", missing.StandardError);
        Assert.Contains("Unable to validate the following destination configurations", missing.StandardError);

        await platform.SnsAsync("create-topic", "--name", name);
        var overlap = await platform.Aws.RunAsync("s3api", "put-bucket-notification-configuration", "--bucket", name, "--notification-configuration", $$"""
            {"QueueConfigurations":[{"QueueArn":"{{SnsPlatformFixture.QueueArn(name)}}","Events":["s3:ObjectCreated:*"],
               "Filter":{"Key":{"FilterRules":[{"Name":"prefix","Value":"images/"}]} } }],
             "TopicConfigurations":[{"TopicArn":"{{SnsPlatformFixture.TopicArn(name)}}","Events":["s3:ObjectCreated:Put"],
               "Filter":{"Key":{"FilterRules":[{"Name":"prefix","Value":"images/raw/"}]} } }]}
            """);
        Assert.NotEqual(0, overlap.ExitCode);
        Assert.Contains("InvalidArgument", overlap.StandardError);
        Assert.Contains("Configurations overlap", overlap.StandardError);

        // Nothing was stored by the refused PUTs.
        var stored = await platform.RunAsync("s3api", "get-bucket-notification-configuration", "--bucket", name);
        Assert.True(stored is null || !stored.Value.EnumerateObject().Any());
    }

    [Fact]
    public async Task Boto3_round_trips_queue_topic_and_eventbridge_configurations()
    {
        var name = SnsPlatformFixture.UniqueName("s3py");
        await platform.RunAsync("sqs", "create-queue", "--queue-name", name);
        await platform.SnsAsync("create-topic", "--name", name);
        var result = await Boto3.RunAsync(platform.Endpoint, $$"""
            import boto3, json, os
            s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
            s3.create_bucket(Bucket="{{name}}")
            s3.put_bucket_notification_configuration(Bucket="{{name}}", NotificationConfiguration={
                "QueueConfigurations": [{"Id": "q", "QueueArn": "{{SnsPlatformFixture.QueueArn(name)}}", "Events": ["s3:ObjectCreated:Put"],
                    "Filter": {"Key": {"FilterRules": [{"Name": "suffix", "Value": ".jpg"}]} } }],
                "TopicConfigurations": [{"Id": "t", "TopicArn": "{{SnsPlatformFixture.TopicArn(name)}}", "Events": ["s3:ObjectRemoved:*"]}],
                "EventBridgeConfiguration": { } })
            got = s3.get_bucket_notification_configuration(Bucket="{{name}}")
            got.pop("ResponseMetadata")
            print(json.dumps(got, sort_keys=True))
            """);
        var got = JsonDocument.Parse(result.EnsureSuccess().StandardOutput).RootElement;
        var queue = Assert.Single(got.GetProperty("QueueConfigurations").EnumerateArray());
        Assert.Equal("q", queue.GetProperty("Id").GetString());
        Assert.Equal(SnsPlatformFixture.QueueArn(name), queue.GetProperty("QueueArn").GetString());
        Assert.Equal(".jpg", queue.GetProperty("Filter").GetProperty("Key").GetProperty("FilterRules")[0].GetProperty("Value").GetString());
        var topic = Assert.Single(got.GetProperty("TopicConfigurations").EnumerateArray());
        Assert.Equal(SnsPlatformFixture.TopicArn(name), topic.GetProperty("TopicArn").GetString());
        Assert.Equal(["s3:ObjectRemoved:*"], topic.GetProperty("Events").EnumerateArray().Select(e => e.GetString()));
        Assert.True(got.TryGetProperty("EventBridgeConfiguration", out _));
    }

    private static JsonElement Envelope(JsonElement message) =>
        JsonDocument.Parse(message.GetProperty("Body").GetString()!).RootElement;
}
