using System.Text.Json;
using Platform.Emulators.State;
using Platform.Emulators.Storage.Engine;
using Platform.Tests.Support;

namespace Platform.Tests.Storage;

/// <summary>S3 sends <c>s3:TestEvent</c> to the queues and topics a PUT adds — not to functions, and
/// not again to a destination that was already configured.</summary>
public sealed class NotificationTestEventTests : IAsyncDisposable
{
    private const string Queue = "arn:aws:sqs:us-east-1:000000000000:q";
    private const string Topic = "arn:aws:sns:us-east-1:000000000000:t";
    private readonly DataDirectory _directory = DataDirectory.CreateEphemeral();
    private readonly PlatformDatabase _database;
    private readonly Recorder _destinations = new();
    private readonly StorageEngine _engine;

    public NotificationTestEventTests()
    {
        _database = new PlatformDatabase(_directory);
        _engine = new StorageEngine(_database, _directory, new ManualTimeProvider(), new StorageOptions(), new EngineHarness.Functions(), _destinations);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Only_new_queue_and_topic_destinations_get_the_test_event()
    {
        await _engine.CreateBucketAsync("bucket", null, CancellationToken.None);
        var queueOnly = new NotificationConfiguration([new LambdaFunctionConfiguration
        {
            Id = "f", FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:f", Events = ["s3:ObjectRemoved:*"],
        }])
        {
            QueueConfigurations = [new QueueConfiguration { Id = "q", QueueArn = Queue, Events = ["s3:ObjectCreated:*"] }],
        };
        await _engine.PutNotificationConfigurationAsync("bucket", queueOnly, CancellationToken.None, new RequestOrigin("REQ42", "1.2.3.4"));

        var (destination, message) = Assert.Single(_destinations.Sent);
        Assert.Equal(Queue, destination);
        var test = JsonDocument.Parse(message).RootElement;
        Assert.Equal(("Amazon S3", "s3:TestEvent", "bucket", "REQ42"),
            (test.GetProperty("Service").GetString(), test.GetProperty("Event").GetString(), test.GetProperty("Bucket").GetString(),
                test.GetProperty("RequestId").GetString()));

        _destinations.Sent.Clear();
        await _engine.PutNotificationConfigurationAsync("bucket", queueOnly with
        {
            TopicConfigurations = [new TopicConfiguration { Id = "t", TopicArn = Topic, Events = ["s3:ObjectRestore:*"] }],
            EventBridge = new EventBridgeConfiguration(),
        }, CancellationToken.None);
        Assert.Equal([Topic], _destinations.Sent.Select(s => s.Destination));

        var stored = _engine.GetNotificationConfiguration("bucket");
        Assert.Equal(["f", "q", "t"], stored.Entries.Select(e => e.Id));
        Assert.NotNull(stored.EventBridge?.ActiveFromSequence);
        Assert.Single(_engine.ListNotificationConfigurations());
    }

    [Fact]
    public async Task An_eventbridge_only_configuration_is_stored_and_listed()
    {
        await _engine.CreateBucketAsync("bucket", null, CancellationToken.None);
        await _engine.PutNotificationConfigurationAsync("bucket", NotificationConfiguration.Empty with { EventBridge = new EventBridgeConfiguration() },
            CancellationToken.None);

        Assert.Empty(_destinations.Sent);
        var listed = Assert.Single(_engine.ListNotificationConfigurations());
        Assert.NotNull(listed.Configuration.EventBridge);

        await _engine.PutNotificationConfigurationAsync("bucket", NotificationConfiguration.Empty, CancellationToken.None);
        Assert.Empty(_engine.ListNotificationConfigurations());
    }

    private sealed class Recorder : INotificationDestinations
    {
        public List<(string Destination, string Message)> Sent { get; } = [];

        public bool QueueExists(string queueArn) => queueArn == Queue;

        public bool TopicExists(string topicArn) => topicArn == Topic;

        public Task SendTestEventAsync(NotificationEntry destination, string message, CancellationToken cancellationToken)
        {
            Sent.Add((destination.DestinationArn, message));
            return Task.CompletedTask;
        }
    }
}
