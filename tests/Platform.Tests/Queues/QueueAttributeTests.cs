using Platform.Emulators.Queues.Engine;

namespace Platform.Tests.Queues;

public sealed class QueueAttributeTests
{
    [Theory]
    [InlineData("VisibilityTimeout", "0", null)]
    [InlineData("VisibilityTimeout", "43200", null)]
    [InlineData("VisibilityTimeout", "43201", "InvalidAttributeValue")]
    [InlineData("VisibilityTimeout", "-1", "InvalidAttributeValue")]
    [InlineData("VisibilityTimeout", "abc", "InvalidAttributeValue")]
    [InlineData("DelaySeconds", "900", null)]
    [InlineData("DelaySeconds", "901", "InvalidAttributeValue")]
    [InlineData("MaximumMessageSize", "1024", null)]
    [InlineData("MaximumMessageSize", "1023", "InvalidAttributeValue")]
    [InlineData("MaximumMessageSize", "262144", null)]
    [InlineData("MaximumMessageSize", "262145", "InvalidAttributeValue")]
    [InlineData("MessageRetentionPeriod", "60", null)]
    [InlineData("MessageRetentionPeriod", "59", "InvalidAttributeValue")]
    [InlineData("MessageRetentionPeriod", "1209600", null)]
    [InlineData("MessageRetentionPeriod", "1209601", "InvalidAttributeValue")]
    [InlineData("ReceiveMessageWaitTimeSeconds", "20", null)]
    [InlineData("ReceiveMessageWaitTimeSeconds", "21", "InvalidAttributeValue")]
    [InlineData("SqsManagedSseEnabled", "maybe", "InvalidAttributeValue")]
    [InlineData("ContentBasedDeduplication", "true", "InvalidAttributeName")]
    [InlineData("ApproximateNumberOfMessages", "1", "InvalidAttributeName")]
    [InlineData("NoSuchAttribute", "1", "InvalidAttributeName")]
    [InlineData("RedrivePolicy", "not json", "InvalidParameterValue")]
    [InlineData("RedrivePolicy", """{"maxReceiveCount":3}""", "InvalidParameterValue")]
    [InlineData("RedrivePolicy", """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":0}""", "InvalidParameterValue")]
    [InlineData("RedrivePolicy", """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":1001}""", "InvalidParameterValue")]
    [InlineData("RedrivePolicy", """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:missing","maxReceiveCount":3}""", "InvalidParameterValue")]
    [InlineData("RedrivePolicy", """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":"5"}""", null)]
    [InlineData("RedriveAllowPolicy", """{"redrivePermission":"byQueue"}""", "InvalidParameterValue")]
    [InlineData("RedriveAllowPolicy", """{"redrivePermission":"allowAll"}""", null)]
    public async Task Attributes_are_validated_with_sqs_codes(string name, string value, string? expectedCode)
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("dlq");

        var create = () => q.CreateQueueAsync("subject", (name, value));
        if (expectedCode is null)
        {
            await create();
            Assert.True(q.Engine.QueueExists("subject"));
        }
        else
        {
            var error = await Assert.ThrowsAsync<QueueException>(create);
            Assert.Equal(expectedCode, error.Code);
            Assert.False(q.Engine.QueueExists("subject"));
        }
    }

    [Theory]
    [InlineData("ok-name_1", false, true)]
    [InlineData("", false, false)]
    [InlineData("has space", false, false)]
    [InlineData("has.dot", false, false)]
    [InlineData("platform:sneaky", false, false)]
    [InlineData("orders.fifo", false, false)]
    [InlineData("orders.fifo", true, true)]
    [InlineData("orders", true, false)]
    public async Task Queue_names_follow_sqs_rules(string name, bool fifo, bool valid)
    {
        await using var q = QueueTestContext.Create();
        var attributes = fifo ? new Dictionary<string, string> { ["FifoQueue"] = "true" } : null;
        var create = () => q.Engine.CreateQueueAsync(name, attributes);
        if (valid)
            await create();
        else
            Assert.Equal("InvalidParameterValue", (await Assert.ThrowsAsync<QueueException>(create)).Code);
    }

    [Fact]
    public async Task Name_length_limit_is_80()
    {
        await using var q = QueueTestContext.Create();
        await q.Engine.CreateQueueAsync(new string('a', 80));
        await Assert.ThrowsAsync<QueueException>(() => q.Engine.CreateQueueAsync(new string('a', 81)));
    }

    [Fact]
    public async Task CreateQueue_is_idempotent_for_the_same_attributes_and_refuses_different_ones()
    {
        await using var q = QueueTestContext.Create();
        var url = await q.CreateQueueAsync("jobs", ("VisibilityTimeout", "60"));

        Assert.Equal("http://127.0.0.1:4566/000000000000/jobs", url);
        Assert.Equal(url, await q.CreateQueueAsync("jobs", ("VisibilityTimeout", "060")));
        Assert.Equal(url, await q.CreateQueueAsync("jobs"));
        Assert.Equal(url, await q.CreateQueueAsync("jobs", ("DelaySeconds", "0")));
        var error = await Assert.ThrowsAsync<QueueException>(() => q.CreateQueueAsync("jobs", ("VisibilityTimeout", "30")));
        Assert.Equal("QueueAlreadyExists", error.Code);
    }

    [Fact]
    public async Task GetQueueAttributes_reports_defaults_arn_timestamps_and_counts()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        await q.SendAsync("jobs", "visible");
        await q.SendAsync("jobs", "in flight");
        await q.Engine.SendMessageAsync("jobs", new OutgoingMessage { Body = "delayed", Delay = TimeSpan.FromSeconds(10) });
        Assert.Single(await q.ReceiveAsync("jobs", max: 1));

        var attributes = q.Engine.GetQueueAttributes("jobs");

        Assert.Equal("30", attributes["VisibilityTimeout"]);
        Assert.Equal("0", attributes["DelaySeconds"]);
        Assert.Equal("262144", attributes["MaximumMessageSize"]);
        Assert.Equal("345600", attributes["MessageRetentionPeriod"]);
        Assert.Equal("0", attributes["ReceiveMessageWaitTimeSeconds"]);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:jobs", attributes["QueueArn"]);
        Assert.Equal(q.Time.GetUtcNow().ToUnixTimeSeconds().ToString(), attributes["CreatedTimestamp"]);
        Assert.Equal(attributes["CreatedTimestamp"], attributes["LastModifiedTimestamp"]);
        Assert.Equal("1", attributes["ApproximateNumberOfMessages"]);
        Assert.Equal("1", attributes["ApproximateNumberOfMessagesNotVisible"]);
        Assert.Equal("1", attributes["ApproximateNumberOfMessagesDelayed"]);
        Assert.False(attributes.ContainsKey("FifoQueue"));
        Assert.Equal("InvalidAttributeName",
            Assert.Throws<QueueException>(() => q.Engine.GetQueueAttributes("jobs", ["Nope"])).Code);
        Assert.Equal(["VisibilityTimeout"], q.Engine.GetQueueAttributes("jobs", ["VisibilityTimeout"]).Keys);
    }

    [Fact]
    public async Task SetQueueAttributes_changes_validates_and_updates_last_modified()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        q.Time.Advance(TimeSpan.FromSeconds(100));

        await q.Engine.SetQueueAttributesAsync("jobs", new Dictionary<string, string> { ["VisibilityTimeout"] = "5" });

        Assert.Equal("5", q.Attribute("jobs", "VisibilityTimeout"));
        Assert.Equal(q.Time.GetUtcNow().ToUnixTimeSeconds().ToString(), q.Attribute("jobs", "LastModifiedTimestamp"));
        var error = await Assert.ThrowsAsync<QueueException>(() =>
            q.Engine.SetQueueAttributesAsync("jobs", new Dictionary<string, string> { ["FifoQueue"] = "true" }));
        Assert.Equal("InvalidAttributeName", error.Code);
    }

    [Fact]
    public async Task Fifo_queues_have_fifo_attributes_and_need_a_fifo_dead_letter_queue()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("plain-dlq");
        await q.CreateQueueAsync("orders.fifo", ("FifoQueue", "true"), ("ContentBasedDeduplication", "true"));

        var attributes = q.Engine.GetQueueAttributes("orders.fifo");
        Assert.Equal("true", attributes["FifoQueue"]);
        Assert.Equal("true", attributes["ContentBasedDeduplication"]);
        Assert.Equal("queue", attributes["DeduplicationScope"]);
        Assert.Equal("perQueue", attributes["FifoThroughputLimit"]);

        var error = await Assert.ThrowsAsync<QueueException>(() => q.Engine.SetQueueAttributesAsync("orders.fifo",
            new Dictionary<string, string> { ["RedrivePolicy"] = """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:plain-dlq","maxReceiveCount":2}""" }));
        Assert.Equal("InvalidParameterValue", error.Code);
    }

    [Fact]
    public async Task Redrive_allow_policy_is_enforced_and_sources_are_listed()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("dlq", ("RedriveAllowPolicy", """{"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:000000000000:allowed"]}"""));
        var policy = ("RedrivePolicy", """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":2}""");

        await q.CreateQueueAsync("allowed", policy);
        var error = await Assert.ThrowsAsync<QueueException>(() => q.CreateQueueAsync("other", policy));

        Assert.Equal("InvalidParameterValue", error.Code);
        Assert.Equal(["http://127.0.0.1:4566/000000000000/allowed"], q.Engine.ListDeadLetterSourceQueues("dlq").QueueUrls);
        Assert.Equal("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":2}""",
            q.Attribute("allowed", "RedrivePolicy"));
    }

    [Fact]
    public async Task Queues_resolve_from_name_url_or_arn_and_unknown_ones_do_not_exist()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");

        Assert.Equal("jobs", q.Engine.ResolveQueueName("http://localhost:4566/000000000000/jobs"));
        Assert.Equal("jobs", q.Engine.ResolveQueueName("arn:aws:sqs:us-east-1:000000000000:jobs"));
        Assert.Equal("jobs", q.Engine.ResolveQueueName("jobs"));
        Assert.Equal("http://127.0.0.1:4566/000000000000/jobs", q.Engine.GetQueueUrl("jobs"));
        var error = Assert.Throws<QueueException>(() => q.Engine.ResolveQueueName("http://localhost:4566/000000000000/nope"));
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", error.Code);
        Assert.Equal("The specified queue does not exist.", error.Message);
        await Assert.ThrowsAsync<QueueException>(() => q.SendAsync("nope", "x"));
    }

    [Fact]
    public async Task ListQueues_filters_by_prefix_pages_and_never_shows_internal_queues()
    {
        await using var q = QueueTestContext.Create();
        foreach (var name in new[] { "b", "a1", "a2", "a3" })
            await q.CreateQueueAsync(name);
        var internalName = await q.Engine.CreateInternalQueueAsync("async:my-function");

        Assert.Equal("platform:async:my-function", internalName);
        Assert.Equal(QueueEngine.InternalQueueName("async:my-function"), internalName);
        Assert.Equal(4, q.Engine.ListQueues().QueueUrls.Count);
        var first = q.Engine.ListQueues("a", maxResults: 2);
        Assert.Equal(["http://127.0.0.1:4566/000000000000/a1", "http://127.0.0.1:4566/000000000000/a2"], first.QueueUrls);
        var second = q.Engine.ListQueues("a", maxResults: 2, nextToken: first.NextToken);
        Assert.Equal(["http://127.0.0.1:4566/000000000000/a3"], second.QueueUrls);
        Assert.Null(second.NextToken);

        // The platform reaches its queue by name; the API's paths (URL, ARN, GetQueueUrl) never do.
        await q.SendAsync(internalName, "event");
        Assert.Single(await q.ReceiveAsync(internalName));
        Assert.Throws<QueueException>(() => q.Engine.ResolveQueueName("http://127.0.0.1:4566/000000000000/" + internalName));
        Assert.Throws<QueueException>(() => q.Engine.ResolveQueueName(internalName));
        Assert.Throws<QueueException>(() => q.Engine.GetQueueUrl(internalName));
        Assert.False(q.Engine.QueueExists("arn:aws:sqs:us-east-1:000000000000:" + internalName));
        await Assert.ThrowsAsync<QueueException>(() => q.Engine.CreateQueueAsync(internalName));
    }

    [Fact]
    public async Task Tags_are_added_listed_and_removed()
    {
        await using var q = QueueTestContext.Create();
        await q.Engine.CreateQueueAsync("jobs", tags: new Dictionary<string, string> { ["team"] = "a" });

        await q.Engine.TagQueueAsync("jobs", new Dictionary<string, string> { ["env"] = "dev", ["team"] = "b" });
        Assert.Equal(new Dictionary<string, string> { ["env"] = "dev", ["team"] = "b" }, q.Engine.ListQueueTags("jobs"));
        await q.Engine.UntagQueueAsync("jobs", ["team"]);
        Assert.Equal(["env"], q.Engine.ListQueueTags("jobs").Keys);
    }

    [Fact]
    public async Task DeleteQueue_removes_queue_and_messages_and_purge_is_rate_limited()
    {
        await using var q = QueueTestContext.Create();
        await q.CreateQueueAsync("jobs");
        await q.SendAsync("jobs", "one");

        await q.Engine.PurgeQueueAsync("jobs");
        Assert.Equal("0", q.Attribute("jobs", "ApproximateNumberOfMessages"));
        var error = await Assert.ThrowsAsync<QueueException>(() => q.Engine.PurgeQueueAsync("jobs"));
        Assert.Equal("AWS.SimpleQueueService.PurgeQueueInProgress", error.Code);
        q.Time.Advance(TimeSpan.FromSeconds(60));
        await q.Engine.PurgeQueueAsync("jobs");

        await q.SendAsync("jobs", "two");
        await q.Engine.DeleteQueueAsync("jobs");
        Assert.False(q.Engine.QueueExists("jobs"));
        await q.CreateQueueAsync("jobs");
        Assert.Empty(await q.ReceiveAsync("jobs"));
    }
}
