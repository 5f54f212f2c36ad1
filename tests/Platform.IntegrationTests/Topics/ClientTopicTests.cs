using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Topics;

/// <summary>SNS through boto3 and the AWS SDK for JavaScript v3: clients nobody here wrote, each
/// with its own query serializer and XML parser.</summary>
[Collection(SnsPlatformCollection.Name)]
public sealed class ClientTopicTests(SnsPlatformFixture sns)
{
    [Fact]
    public async Task Every_operation_through_the_javascript_sdk()
    {
        var script = Path.Combine(RepositoryPaths.Root, "tests", "clients", "node", "sns-operations.mjs");
        var environment = new Dictionary<string, string>
        {
            ["ENDPOINT"] = sns.Endpoint.ToString().TrimEnd('/'),
            ["PREFIX"] = SnsPlatformFixture.UniqueName("node"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["NODE_NO_WARNINGS"] = "1",
        };
        var result = (await ProcessRunner.RunAsync("node", [script], environment, timeout: TimeSpan.FromSeconds(300))).EnsureSuccess();
        Assert.Equal("""
            batch a failed b:InvalidParameter
            batch kept:keep,kept:keep
            NotFoundException 404
            InvalidParameterException 400
            BatchEntryIdsNotDistinctException 400
            NotFoundException 404
            """.ReplaceLineEndings("\n"), result.StandardOutput.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Every_operation_through_boto3()
    {
        var result = (await Boto3.RunAsync(sns.Endpoint, """
            import os, json, boto3
            from botocore.exceptions import ClientError
            kw = dict(endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
            sns, sqs = boto3.client("sns", **kw), boto3.client("sqs", **kw)
            p = os.environ["PREFIX"]
            topic = sns.create_topic(Name=p + ".fifo", Attributes={"FifoTopic": "true", "ContentBasedDeduplication": "true"}, Tags=[{"Key": "k", "Value": "v"}])["TopicArn"]
            assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["FifoTopic"] == "true"
            sns.set_topic_attributes(TopicArn=topic, AttributeName="DisplayName", AttributeValue="py")
            sns.tag_resource(ResourceArn=topic, Tags=[{"Key": "x", "Value": "y"}])
            sns.untag_resource(ResourceArn=topic, TagKeys=["k"])
            assert sns.list_tags_for_resource(ResourceArn=topic)["Tags"] == [{"Key": "x", "Value": "y"}]
            assert any(t["TopicArn"] == topic for t in sns.get_paginator("list_topics").paginate().build_full_result()["Topics"])
            url = sqs.create_queue(QueueName=p + ".fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
            sub = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:000000000000:" + p + ".fifo")["SubscriptionArn"]
            sns.set_subscription_attributes(SubscriptionArn=sub, AttributeName="RawMessageDelivery", AttributeValue="true")
            assert sns.get_subscription_attributes(SubscriptionArn=sub)["Attributes"]["RawMessageDelivery"] == "true"
            assert [s["SubscriptionArn"] for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]] == [sub]
            assert any(s["SubscriptionArn"] == sub for s in sns.list_subscriptions()["Subscriptions"])
            first = sns.publish(TopicArn=topic, Message="one", MessageGroupId="g")
            again = sns.publish(TopicArn=topic, Message="one", MessageGroupId="g")
            assert first["MessageId"] == again["MessageId"] and first["SequenceNumber"] == again["SequenceNumber"]
            batch = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[{"Id": "b%d" % i, "Message": "m%d" % i, "MessageGroupId": "g"} for i in range(2, 5)])
            assert [e["Id"] for e in batch["Successful"]] == ["b2", "b3", "b4"] and batch["Failed"] == []
            bodies = []
            while len(bodies) < 4:
                for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=5).get("Messages", []):
                    bodies.append(m["Body"])
                    sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            print(",".join(bodies))
            for call in (lambda: sns.publish(TopicArn=topic, Message="x"),
                         lambda: sns.create_topic(Name="x" * 300),
                         lambda: sns.get_subscription_attributes(SubscriptionArn=topic + ":00000000-0000-0000-0000-000000000000")):
                try:
                    call()
                except ClientError as e:
                    print(e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"])
            sns.unsubscribe(SubscriptionArn=sub)
            sns.delete_topic(TopicArn=topic)
            """, new Dictionary<string, string> { ["PREFIX"] = SnsPlatformFixture.UniqueName("py") })).EnsureSuccess();
        Assert.Equal("""
            one,m2,m3,m4
            InvalidParameter 400
            InvalidParameter 400
            NotFound 404
            """.ReplaceLineEndings("\n"), result.StandardOutput.Trim().ReplaceLineEndings("\n"));
    }
}
