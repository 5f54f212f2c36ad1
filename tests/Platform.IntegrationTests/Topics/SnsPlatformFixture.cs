using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.Topics.Engine;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Topics;

/// <summary>The whole platform in-process on a free port, with a function "audit" that records
/// every event it receives, so SNS is reached through the edge router exactly as `platform up` serves it.</summary>
public sealed class SnsPlatformFixture : IAsyncLifetime
{
    public const string Account = "000000000000";
    private PlatformApp? _app;

    public Uri Endpoint => _app!.Endpoint;
    public TopicEngine Engine => _app!.Services.GetRequiredService<TopicEngine>();
    public AwsCli Aws => new(Endpoint);
    public EventCollector Audit { get; } = new();

    public async Task InitializeAsync() =>
        _app = await InProcessPlatform.StartAsync(PlatformConfig.Empty, services => services.AddCollectingFunction("audit", Audit));

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }

    public static string TopicArn(string name) => $"arn:aws:sns:us-east-1:{Account}:{name}";

    public static string QueueArn(string name) => $"arn:aws:sqs:us-east-1:{Account}:{name}";

    public string QueueUrl(string name) => $"{Endpoint.ToString().TrimEnd('/')}/{Account}/{name}";

    /// <summary>Runs the aws CLI's sns (or other) command and parses its JSON output (null when it prints none).</summary>
    public async Task<JsonElement?> RunAsync(params string[] arguments)
    {
        var output = await Aws.RunOkAsync(arguments);
        return string.IsNullOrWhiteSpace(output) ? null : JsonDocument.Parse(output).RootElement.Clone();
    }

    public Task<JsonElement?> SnsAsync(params string[] arguments) => RunAsync(["sns", .. arguments]);

    /// <summary>The CLI's error for a command that must fail: "(Code) … : Message".</summary>
    public async Task<string> SnsErrorAsync(params string[] arguments)
    {
        var result = await Aws.RunAsync(["sns", .. arguments]);
        Assert.NotEqual(0, result.ExitCode);
        return result.StandardError.Trim();
    }

    /// <summary>Long-polls the queue until <paramref name="count"/> messages arrived (20 s at most).</summary>
    public async Task<List<JsonElement>> ReceiveAsync(string queue, int count)
    {
        var messages = new List<JsonElement>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (messages.Count < count && DateTime.UtcNow < deadline)
        {
            var received = await RunAsync("sqs", "receive-message", "--queue-url", QueueUrl(queue), "--max-number-of-messages", "10",
                "--wait-time-seconds", "2", "--attribute-names", "All", "--message-attribute-names", "All");
            if (received?.TryGetProperty("Messages", out var batch) == true)
                messages.AddRange(batch.EnumerateArray());
        }
        Assert.True(messages.Count >= count, $"expected {count} messages on {queue}, got {messages.Count}");
        return messages;
    }

    public static string UniqueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}

[CollectionDefinition(Name)]
public sealed class SnsPlatformCollection : ICollectionFixture<SnsPlatformFixture>
{
    public const string Name = "sns-platform";
}
