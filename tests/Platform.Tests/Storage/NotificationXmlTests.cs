using System.Xml.Linq;
using Platform.Emulators.Storage.Api;
using Platform.Emulators.Storage.Engine;

namespace Platform.Tests.Storage;

/// <summary>PutBucketNotificationConfiguration's body as botocore and the AWS SDKs write it, every
/// destination kind.</summary>
public sealed class NotificationXmlTests
{
    private const string Ns = "http://s3.amazonaws.com/doc/2006-03-01/";

    [Fact]
    public void Parses_topic_queue_function_and_eventbridge_configurations()
    {
        var configuration = NotificationOperations.Parse(XElement.Parse($"""
            <NotificationConfiguration xmlns="{Ns}">
              <TopicConfiguration><Id>t</Id><Topic>arn:aws:sns:us-east-1:000000000000:orders</Topic><Event>s3:ObjectRemoved:*</Event></TopicConfiguration>
              <QueueConfiguration>
                <Id>q</Id><Queue> arn:aws:sqs:us-east-1:000000000000:uploads </Queue>
                <Event>s3:ObjectCreated:Put</Event><Event>s3:ObjectCreated:Copy</Event>
                <Filter><S3Key><FilterRule><Name>Prefix</Name><Value>in/</Value></FilterRule><FilterRule><Name>suffix</Name><Value>.jpg</Value></FilterRule></S3Key></Filter>
              </QueueConfiguration>
              <CloudFunctionConfiguration><Id>f</Id><CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:resize</CloudFunction><Event>s3:ObjectCreated:Post</Event></CloudFunctionConfiguration>
              <EventBridgeConfiguration></EventBridgeConfiguration>
            </NotificationConfiguration>
            """));

        var topic = Assert.Single(configuration.TopicConfigurations);
        Assert.Equal(("t", "arn:aws:sns:us-east-1:000000000000:orders"), (topic.Id, topic.TopicArn));
        Assert.Equal(["s3:ObjectRemoved:*"], topic.Events);
        var queue = Assert.Single(configuration.QueueConfigurations);
        Assert.Equal(("q", "arn:aws:sqs:us-east-1:000000000000:uploads"), (queue.Id, queue.QueueArn));
        Assert.Equal(["s3:ObjectCreated:Put", "s3:ObjectCreated:Copy"], queue.Events);
        Assert.Equal(("in/", ".jpg"), (queue.Prefix, queue.Suffix));
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:resize", Assert.Single(configuration.LambdaFunctionConfigurations).FunctionArn);
        Assert.NotNull(configuration.EventBridge);
        Assert.Equal(["f", "q", "t"], configuration.Entries.Select(e => e.Id));
    }

    [Fact]
    public void Without_eventbridge_element_there_is_no_eventbridge_configuration()
    {
        var configuration = NotificationOperations.Parse(XElement.Parse($"<NotificationConfiguration xmlns=\"{Ns}\"/>"));
        Assert.Null(configuration.EventBridge);
        Assert.True(configuration.IsEmpty);
    }

    [Theory]
    [InlineData("<QueueConfiguration><Event>s3:ObjectCreated:*</Event></QueueConfiguration>")]
    [InlineData("<TopicConfiguration><Event>s3:ObjectCreated:*</Event></TopicConfiguration>")]
    [InlineData("<SomethingElse/>")]
    public void A_destination_without_its_arn_or_an_unknown_element_is_malformed(string inner)
    {
        var e = Assert.Throws<StorageException>(() => NotificationOperations.Parse(XElement.Parse($"<NotificationConfiguration xmlns=\"{Ns}\">{inner}</NotificationConfiguration>")));
        Assert.Equal("MalformedXML", e.Code);
    }

    [Fact]
    public void Two_prefix_rules_in_a_queue_filter_are_an_invalid_argument()
    {
        var e = Assert.Throws<StorageException>(() => NotificationOperations.Parse(XElement.Parse($"""
            <NotificationConfiguration xmlns="{Ns}"><QueueConfiguration><Queue>arn:aws:sqs:us-east-1:000000000000:q</Queue><Event>s3:ObjectCreated:*</Event>
            <Filter><S3Key><FilterRule><Name>prefix</Name><Value>a</Value></FilterRule><FilterRule><Name>prefix</Name><Value>b</Value></FilterRule></S3Key></Filter>
            </QueueConfiguration></NotificationConfiguration>
            """)));
        Assert.Equal("InvalidArgument", e.Code);
    }
}
