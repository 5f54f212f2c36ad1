using Platform.Host.Configuration;

namespace Platform.Tests.Host;

public sealed class ConfigLoaderTests
{
    private static PlatformConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(yaml), "/cfg/platform.yaml");

    private static ConfigException ParseFails(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    [Fact]
    public void Reads_functions_with_triggers_and_async_settings()
    {
        var config = Parse("""
            buckets: [uploads, processed]
            queues:
              - name: failures
                attributes: { VisibilityTimeout: "60" }
              - plain
            functions:
              summarize:
                assembly: fn/bin/Fn.dll
                handler: Fn::Fn.Handler
                timeout: 30s
                concurrency: 4
                environment: { OUTPUT_BUCKET: processed }
                async: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 120, retryDelays: [500ms], onFailure: failures }
                triggers:
                  - s3: { bucket: uploads, events: ["s3:ObjectCreated:*"], prefix: images/, suffix: .jpg }
            """);

        Assert.Equal(["uploads", "processed"], config.Buckets);
        Assert.Equal(["failures", "plain"], config.Queues.Select(q => q.Name));
        Assert.Equal("60", config.Queues[0].Attributes["VisibilityTimeout"]);
        var function = Assert.Single(config.Functions);
        Assert.Equal("/cfg/fn/bin/Fn.dll", function.Assembly);
        Assert.Equal(TimeSpan.FromSeconds(30), function.Timeout);
        Assert.Equal(4, function.Concurrency);
        Assert.Equal("processed", function.Environment["OUTPUT_BUCKET"]);
        Assert.Equal(1, function.Async.MaximumRetryAttempts);
        Assert.Equal(120, function.Async.MaximumEventAgeInSeconds);
        Assert.Equal([TimeSpan.FromMilliseconds(500)], function.Async.RetryDelays);
        Assert.Equal("failures", function.Async.OnFailureDestination);
        var trigger = Assert.Single(config.S3Triggers);
        Assert.Equal(("summarize", "uploads", "images/", ".jpg"), (trigger.Function, trigger.Bucket, trigger.Prefix, trigger.Suffix));
        Assert.StartsWith(ConfigLoader.S3TriggerIdPrefix, trigger.Id);
    }

    [Fact]
    public void Defaults_follow_aws()
    {
        var function = Assert.Single(Parse("""
            functions:
              f: { assembly: a.dll, handler: "A::A.F" }
            """).Functions);

        Assert.Equal(TimeSpan.FromSeconds(3), function.Timeout);
        Assert.Equal(2, function.Async.MaximumRetryAttempts);
        Assert.Equal(21600, function.Async.MaximumEventAgeInSeconds);
    }

    [Theory]
    [InlineData("functions:\n  f: { assembly: a.dll, handler: \"A::A.F\", timout: 3s }", 2, "timout is not a known option")]
    [InlineData("functions:\n  f: { assembly: a.dll, handler: \"A::A.F\", timeout: 3x }", 2, "must be a duration")]
    [InlineData("functions:\n  f: { assembly: a.dll, handler: \"A::A.F\", async: { maximumRetryAttempts: 3 } }", 2, "from 0 to 2")]
    [InlineData("functions:\n  f: { assembly: a.dll, handler: \"A::A.F\", async: { maximumEventAgeInSeconds: 59 } }", 2, "from 60 to 21600")]
    [InlineData("functions:\n  f: { handler: \"A::A.F\" }", 2, "assembly is required")]
    [InlineData("functions:\n  f: { assembly: a.dll, handler: NoColons }", 2, "Assembly::Namespace.Type")]
    [InlineData("functions:\n  f: { assembly: a.dll, handler: \"A::A.F\", timeout: 16m }", 2, "15m")]
    [InlineData("functions:\n  \"bad name!\": { assembly: a.dll, handler: \"A::A.F\" }", 2, "function name")]
    [InlineData("buckets: [a]\n  queues: []", 2, "not valid YAML")]
    [InlineData("colour: blue", 1, "colour is not a known option")]
    public void Errors_name_the_file_the_line_and_the_fix(string yaml, int line, string message)
    {
        var error = ParseFails(yaml);

        Assert.Equal("/cfg/platform.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message);
        Assert.StartsWith($"/cfg/platform.yaml:{line}: ", error.Message);
    }

    [Fact]
    public void An_unterminated_list_is_a_config_error_too() =>
        Assert.Contains("not valid YAML", ParseFails("buckets: [a\nqueues: []").Message);

    [Fact]
    public void An_empty_file_is_an_empty_platform() => Assert.Empty(Parse("").Functions);

    [Fact]
    public void The_sample_config_loads()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Platform.sln")))
            root = Path.GetDirectoryName(root)!;

        var config = ConfigLoader.Load(Path.Combine(root, "samples", "platform.yaml"));

        Assert.Contains(config.Functions, f => f.Name == "summarize");
        Assert.Contains(config.S3Triggers, t => t.Bucket == "uploads");
    }
}
