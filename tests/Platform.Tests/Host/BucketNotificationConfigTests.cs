using Platform.Host.Configuration;

namespace Platform.Tests.Host;

/// <summary>`buckets:` entries that declare queue, topic and EventBridge notifications.</summary>
public sealed class BucketNotificationConfigTests
{
    private static PlatformConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(yaml), "/cfg/platform.yaml");

    [Fact]
    public void A_bucket_declares_queues_topics_and_eventbridge_beside_bare_bucket_names()
    {
        var config = Parse("""
            region: eu-west-1
            buckets:
              - processed
              - name: uploads
                notifications:
                  queues:
                    - { queue: upload-events, events: ["s3:ObjectCreated:Put"], prefix: in/, suffix: .jpg }
                    - { id: removals, queue: "arn:aws:sqs:eu-west-1:000000000000:gone" , events: ["s3:ObjectRemoved:*"] }
                  topics:
                    - { topic: uploads }
                  eventbridge: true
            """);

        Assert.Equal(["processed", "uploads"], config.Buckets);
        Assert.Equal(4, config.S3Triggers.Count);
        var first = config.S3Triggers[0];
        Assert.Equal(("uploads", "arn:aws:sqs:eu-west-1:000000000000:upload-events"), (first.Bucket, first.QueueArn));
        Assert.Equal(("in/", ".jpg"), (first.Prefix, first.Suffix));
        Assert.Equal(["s3:ObjectCreated:Put"], first.Events);
        Assert.Equal(ConfigLoader.S3TriggerIdPrefix + "uploads-queue-0", first.Id);
        Assert.Equal(ConfigLoader.S3TriggerIdPrefix + "removals", config.S3Triggers[1].Id);
        Assert.Equal("arn:aws:sqs:eu-west-1:000000000000:gone", config.S3Triggers[1].QueueArn);
        Assert.Equal("arn:aws:sns:eu-west-1:000000000000:uploads", config.S3Triggers[2].TopicArn);
        Assert.Equal(["s3:ObjectCreated:*"], config.S3Triggers[2].Events);
        Assert.True(config.S3Triggers[3].EventBridge);
        Assert.All(config.S3Triggers, t => Assert.Equal("", t.Function));
    }

    [Theory]
    [InlineData("    notifications: { queues: [{ events: [\"s3:ObjectCreated:*\"] }] }", "queue")]
    [InlineData("    notifications: { lambdas: [] }", "lambdas")]
    [InlineData("    notifications: { eventbridge: maybe }", "true or false")]
    public void A_wrong_notification_names_the_line_and_the_fix(string line, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => Parse("buckets:\n  - name: uploads\n" + line + "\n"));
        Assert.Contains(expected, e.Message);
        Assert.Equal(3, e.Line);
    }
}
