using Platform.Emulators.Storage.Engine;

namespace Platform.Tests.Storage;

public sealed class NotificationValidationTests
{
    private const string Arn = "arn:aws:lambda:us-east-1:000000000000:function:f";

    private static LambdaFunctionConfiguration Config(string events, string? prefix = null, string? suffix = null, string arn = Arn, string id = "") =>
        new() { Id = id, FunctionArn = arn, Events = events.Split(','), Prefix = prefix, Suffix = suffix };

    public static TheoryData<string, LambdaFunctionConfiguration[], string?> Cases => new()
    {
        { "one config", [Config("s3:ObjectCreated:*")], null },
        { "different events", [Config("s3:ObjectCreated:*"), Config("s3:ObjectRemoved:*")], null },
        { "wildcard vs specific", [Config("s3:ObjectCreated:*"), Config("s3:ObjectCreated:Put")], "Configurations overlap" },
        { "same event, disjoint prefixes", [Config("s3:ObjectCreated:Put", "a/"), Config("s3:ObjectCreated:Put", "b/")], null },
        { "same event, nested prefixes", [Config("s3:ObjectCreated:Put", "a/"), Config("s3:ObjectCreated:Put", "a/b/")], "Configurations overlap" },
        { "same prefix, disjoint suffixes", [Config("s3:ObjectCreated:Put", "a/", ".jpg"), Config("s3:ObjectCreated:Put", "a/", ".png")], null },
        { "same prefix, nested suffixes", [Config("s3:ObjectCreated:Put", "a/", ".jpg"), Config("s3:ObjectCreated:Put", null, "x.jpg")], "Configurations overlap" },
        { "no filter vs filter", [Config("s3:ObjectCreated:Put"), Config("s3:ObjectCreated:Put", "a/")], "Configurations overlap" },
        { "unknown event", [Config("s3:ObjectExploded:*")], "not supported" },
        { "no s3 prefix", [Config("ObjectCreated:*")], "not supported" },
        { "unknown function", [Config("s3:ObjectCreated:*", arn: "arn:aws:lambda:us-east-1:000000000000:other:x")], "Unable to validate the following destination configurations" },
        { "duplicate ids", [Config("s3:ObjectCreated:*", id: "x"), Config("s3:ObjectRemoved:*", id: "x")], "unique" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_AcceptsOrRejectsLikeS3(string name, LambdaFunctionConfiguration[] configs, string? error)
    {
        _ = name;
        var act = () => NotificationValidator.Validate(new NotificationConfiguration(configs), new EngineHarness.Functions());
        if (error is null)
        {
            var result = act();
            Assert.All(result.LambdaFunctionConfigurations, c => Assert.False(string.IsNullOrEmpty(c.Id)));
        }
        else
        {
            var e = Assert.Throws<StorageException>(act);
            Assert.Equal("InvalidArgument", e.Code);
            Assert.Contains(error, e.Message);
        }
    }

    [Fact]
    public void FilterRules_AtMostOnePrefixAndOneSuffix()
    {
        Assert.Equal(("a/", ".jpg"), NotificationValidator.ParseFilterRules([("prefix", "a/"), ("Suffix", ".jpg")]));
        Assert.Equal("InvalidArgument", Assert.Throws<StorageException>(() => NotificationValidator.ParseFilterRules([("prefix", "a"), ("prefix", "b")])).Code);
        Assert.Equal("InvalidArgument", Assert.Throws<StorageException>(() => NotificationValidator.ParseFilterRules([("suffix", "a"), ("suffix", "b")])).Code);
        Assert.Equal("InvalidArgument", Assert.Throws<StorageException>(() => NotificationValidator.ParseFilterRules([("middle", "a")])).Code);
    }

    [Fact]
    public async Task DeclaredConfigurations_ReplaceTheirOwnAndKeepTheRest()
    {
        await using var h = new EngineHarness();
        await h.Engine.CreateBucketAsync("bucket", null, CancellationToken.None);
        var seen = h.Engine.NotificationsChanged.Version;
        await h.Engine.PutNotificationConfigurationAsync("bucket",
            new NotificationConfiguration([Config("s3:ObjectRemoved:*", id: "api-1")]), CancellationToken.None);
        Assert.True(await h.Engine.NotificationsChanged.WaitAsync(seen, TimeSpan.Zero, TimeProvider.System, CancellationToken.None));

        await h.Engine.ApplyDeclaredNotificationsAsync("bucket", [Config("s3:ObjectCreated:*", id: "yaml-a")], "yaml-", CancellationToken.None);
        await h.Engine.ApplyDeclaredNotificationsAsync("bucket", [Config("s3:ObjectCreated:Put", id: "yaml-b")], "yaml-", CancellationToken.None);

        var ids = h.Engine.GetNotificationConfiguration("bucket").LambdaFunctionConfigurations.Select(c => c.Id);
        Assert.Equal(["api-1", "yaml-b"], ids);
        var listed = Assert.Single(h.Engine.ListNotificationConfigurations());
        Assert.Equal("bucket", listed.Bucket);

        var overlap = await Assert.ThrowsAsync<StorageException>(() => h.Engine.ApplyDeclaredNotificationsAsync("bucket",
            [Config("s3:ObjectRemoved:Delete", id: "yaml-c")], "yaml-", CancellationToken.None));
        Assert.Contains("overlap", overlap.Message);
        Assert.Equal(["api-1", "yaml-b"], h.Engine.GetNotificationConfiguration("bucket").LambdaFunctionConfigurations.Select(c => c.Id));
    }

    [Fact]
    public async Task Each_entry_is_active_from_the_journal_end_at_its_first_put_and_keeps_it_on_later_puts()
    {
        await using var h = new EngineHarness();
        await h.Engine.CreateBucketAsync("bucket", null, CancellationToken.None);
        await h.PutAsync("bucket", "before", "x");
        await h.Engine.PutNotificationConfigurationAsync("bucket",
            new NotificationConfiguration([Config("s3:ObjectCreated:*", id: "first")]), CancellationToken.None);
        await h.PutAsync("bucket", "between", "x");

        await h.Engine.PutNotificationConfigurationAsync("bucket",
            new NotificationConfiguration([Config("s3:ObjectCreated:Put", id: "first"), Config("s3:ObjectRemoved:*", id: "second")]),
            CancellationToken.None);

        var entries = h.Engine.GetNotificationConfiguration("bucket").LambdaFunctionConfigurations.ToDictionary(c => c.Id);
        Assert.Equal(1, entries["first"].ActiveFromSequence);
        Assert.Equal(2, entries["second"].ActiveFromSequence);
    }

    private sealed class Destinations : INotificationDestinations
    {
        public bool QueueExists(string queueArn) => queueArn.EndsWith(":q", StringComparison.Ordinal);

        public bool TopicExists(string topicArn) => topicArn.EndsWith(":t", StringComparison.Ordinal);

        public Task SendTestEventAsync(NotificationEntry destination, string message, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static NotificationConfiguration Mixed(string queueArn, string topicArn, string topicEvents = "s3:ObjectRemoved:*", string? topicPrefix = null) =>
        new([Config("s3:ObjectCreated:Post")])
        {
            QueueConfigurations = [new QueueConfiguration { Id = "", QueueArn = queueArn, Events = ["s3:ObjectCreated:Put"], Prefix = "a/" }],
            TopicConfigurations = [new TopicConfiguration { Id = "", TopicArn = topicArn, Events = topicEvents.Split(','), Prefix = topicPrefix }],
        };

    [Fact]
    public void Queue_and_topic_destinations_validate_with_every_missing_one_listed()
    {
        var ok = NotificationValidator.Validate(Mixed("arn:aws:sqs:us-east-1:000000000000:q", "arn:aws:sns:us-east-1:000000000000:t"),
            new EngineHarness.Functions(), new Destinations());
        Assert.All(ok.Entries, e => Assert.False(string.IsNullOrEmpty(e.Id)));
        Assert.Equal(3, ok.Entries.Select(e => e.Id).Distinct().Count());

        var e = Assert.Throws<StorageException>(() => NotificationValidator.Validate(
            Mixed("arn:aws:sqs:us-east-1:000000000000:nope", "arn:aws:sns:us-east-1:000000000000:none"), new EngineHarness.Functions(), new Destinations()));
        Assert.Equal("InvalidArgument", e.Code);
        Assert.Equal("Unable to validate the following destination configurations", e.Message);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:nope", e.Details["ArgumentName1"]);
        Assert.Contains("destination queue", e.Details["ArgumentValue1"]);
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:none", e.Details["ArgumentName2"]);
        Assert.Contains("destination topic", e.Details["ArgumentValue2"]);
    }

    [Fact]
    public void Overlap_is_checked_across_functions_queues_and_topics()
    {
        var e = Assert.Throws<StorageException>(() => NotificationValidator.Validate(
            Mixed("arn:aws:sqs:us-east-1:000000000000:q", "arn:aws:sns:us-east-1:000000000000:t", "s3:ObjectCreated:*", "a/b/"),
            new EngineHarness.Functions(), new Destinations()));
        Assert.Contains("Configurations overlap", e.Message);
    }
}
