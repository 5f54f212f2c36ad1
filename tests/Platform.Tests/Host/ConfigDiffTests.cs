using Platform.Host.Configuration;

namespace Platform.Tests.Host;

public sealed class ConfigDiffTests
{
    private const string Base = """
        buckets: [uploads, processed]
        queues: [failures]
        functions:
          summarize:
            assembly: fn/Fn.dll
            handler: Fn::Fn.Handler
            environment: { OUTPUT_BUCKET: processed }
            async: { retryDelays: [1s, 2s] }
            triggers:
              - s3: { bucket: uploads, prefix: images/ }
        """;

    private static PlatformConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(yaml), "/cfg/platform.yaml");

    [Fact]
    public void From_nothing_everything_is_new()
    {
        var diff = ConfigDiff.Between(null, Parse(Base));

        Assert.Equal(["summarize"], diff.AddedFunctions.Select(f => f.Name));
        Assert.Equal(["uploads"], diff.TriggerBuckets);
        Assert.Equal(["uploads", "processed"], diff.AddedBuckets);
        Assert.Equal(["failures"], diff.AddedQueues);
        Assert.Empty(diff.DroppedBuckets);
    }

    [Fact]
    public void The_same_file_parsed_again_differs_in_nothing_even_with_comments_and_lines_moved()
    {
        // Environment and retry delays are new collection instances on every parse.
        var diff = ConfigDiff.Between(Parse(Base), Parse("# a comment\n\n" + Base));

        Assert.True(diff.IsEmpty);
        Assert.Empty(diff.TriggerBuckets);
        Assert.Equal("no changes", diff.Summary());
    }

    [Theory]
    [InlineData("OUTPUT_BUCKET: processed", "OUTPUT_BUCKET: other")]
    [InlineData("retryDelays: [1s, 2s]", "retryDelays: [1s, 3s]")]
    [InlineData("handler: Fn::Fn.Handler", "handler: Fn::Fn.Other")]
    public void A_function_whose_settings_differ_is_changed(string before, string after)
    {
        var diff = ConfigDiff.Between(Parse(Base), Parse(Base.Replace(before, after, StringComparison.Ordinal)));

        Assert.Equal(["summarize"], diff.ChangedFunctions.Select(f => f.Name));
        Assert.Empty(diff.AddedFunctions);
        Assert.Empty(diff.RemovedFunctions);
        Assert.Empty(diff.TriggerBuckets);
        Assert.Equal("functions changed: summarize", diff.Summary());
    }

    [Fact]
    public void A_new_function_with_a_trigger_on_a_new_bucket()
    {
        var next = Parse(Base + """

              archive:
                assembly: fn/Fn.dll
                handler: Fn::Fn.Handler
                triggers:
                  - s3: { bucket: incoming }
            """);

        var diff = ConfigDiff.Between(Parse(Base), next);

        Assert.Equal(["archive"], diff.AddedFunctions.Select(f => f.Name));
        Assert.Equal(["incoming"], diff.TriggerBuckets);
        Assert.Equal(["incoming"], diff.AddedBuckets);
        Assert.Equal("functions added: archive; S3 triggers added: incoming → archive; buckets created: incoming", diff.Summary());
    }

    [Fact]
    public void Removed_triggers_and_resources_are_listed_and_their_buckets_reapplied()
    {
        var next = Parse("""
            buckets: [processed]
            functions:
              summarize:
                assembly: fn/Fn.dll
                handler: Fn::Fn.Handler
                environment: { OUTPUT_BUCKET: processed }
                async: { retryDelays: [1s, 2s] }
            """);

        var diff = ConfigDiff.Between(Parse(Base), next);

        Assert.Empty(diff.ChangedFunctions);
        Assert.Equal(["uploads"], diff.RemovedTriggers.Select(t => t.Bucket));
        // The bucket lost all its declared triggers: its configuration must be re-applied, empty.
        Assert.Equal(["uploads"], diff.TriggerBuckets);
        Assert.Equal(["uploads"], diff.DroppedBuckets);
        Assert.Equal(["failures"], diff.DroppedQueues);
        Assert.Empty(diff.AddedBuckets);
    }

    [Fact]
    public void A_trigger_with_another_filter_is_changed_and_a_removed_function_listed()
    {
        var changed = ConfigDiff.Between(Parse(Base), Parse(Base.Replace("prefix: images/", "prefix: docs/", StringComparison.Ordinal)));
        var removed = ConfigDiff.Between(Parse(Base), Parse("buckets: [uploads, processed]\nqueues: [failures]\n"));

        Assert.Equal(["uploads"], changed.ChangedTriggers.Select(t => t.Bucket));
        Assert.Equal(["uploads"], changed.TriggerBuckets);
        Assert.Equal(["summarize"], removed.RemovedFunctions);
        Assert.Equal("functions removed: summarize; S3 triggers removed: uploads → summarize", removed.Summary());
    }

    [Fact]
    public void Sqs_triggers_are_added_changed_and_removed_by_function_and_queue()
    {
        var one = Parse(Base.Replace("- s3: { bucket: uploads, prefix: images/ }", "- sqs: { queue: orders }\n      - sqs: { queue: payments }"));
        var two = Parse(Base.Replace("- s3: { bucket: uploads, prefix: images/ }", "- sqs: { queue: orders, batchSize: 5 }\n      - sqs: { queue: refunds }"));

        var diff = ConfigDiff.Between(one, two);

        Assert.Equal(["arn:aws:sqs:us-east-1:000000000000:refunds"], diff.AddedMappings.Select(m => m.Mapping.EventSourceArn));
        Assert.Equal(["arn:aws:sqs:us-east-1:000000000000:orders"], diff.ChangedMappings.Select(m => m.Mapping.EventSourceArn));
        Assert.Equal(["arn:aws:sqs:us-east-1:000000000000:payments"], diff.RemovedMappings.Select(m => m.Mapping.EventSourceArn));
        Assert.Contains("event source mappings changed: arn:aws:sqs:us-east-1:000000000000:orders → summarize", diff.Summary());
        Assert.True(ConfigDiff.Between(one, Parse(Base.Replace("- s3: { bucket: uploads, prefix: images/ }", "- sqs: { queue: orders }\n      - sqs: { queue: payments }"))).IsEmpty);
    }
}
