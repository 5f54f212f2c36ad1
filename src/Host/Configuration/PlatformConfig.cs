using Platform.Contracts.Functions;

namespace Platform.Host.Configuration;

/// <summary>What platform.yaml declares: resources to create at start and functions with their
/// triggers. Paths in it are already resolved against the file's folder.</summary>
public sealed record PlatformConfig
{
    public string SourcePath { get; init; } = "";
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "000000000000";
    public IReadOnlyList<string> Buckets { get; init; } = [];
    public IReadOnlyList<QueueDeclaration> Queues { get; init; } = [];

    /// <summary>Kinesis streams (`streams:`), created when missing.</summary>
    public IReadOnlyList<StreamDeclaration> Streams { get; init; } = [];

    /// <summary>DynamoDB tables (`tables:`), created when missing.</summary>
    public IReadOnlyList<TableDeclaration> Tables { get; init; } = [];
    /// <summary>SNS topics (`topics:`) with their subscriptions, created when missing.</summary>
    public IReadOnlyList<TopicDeclaration> Topics { get; init; } = [];

    /// <summary>The functions' `sns:` triggers: lambda subscriptions.</summary>
    public IReadOnlyList<SubscriptionDeclaration> SnsTriggers { get; init; } = [];
    public IReadOnlyList<FunctionDefinition> Functions { get; init; } = [];
    public IReadOnlyList<S3TriggerDeclaration> S3Triggers { get; init; } = [];

    /// <summary>The `sqs:` and `kinesis:` triggers: event source mappings.</summary>
    public IReadOnlyList<MappingDeclaration> Mappings { get; init; } = [];

    /// <summary>The `url:` of functions: function URLs.</summary>
    public IReadOnlyList<FunctionUrlDeclaration> FunctionUrls { get; init; } = [];

    /// <summary>The `http:` triggers: routes of the one HTTP API platform.yaml declares.</summary>
    public IReadOnlyList<HttpRouteDeclaration> HttpRoutes { get; init; } = [];

    /// <summary>EventBridge rules (`rules:` and the `schedule:` / `eventbridge:` triggers).</summary>
    public IReadOnlyList<EventRuleDeclaration> Rules { get; init; } = [];

    /// <summary>EventBridge Scheduler schedules (`schedules:`).</summary>
    public IReadOnlyList<ScheduleDeclaration> Schedules { get; init; } = [];

    public static PlatformConfig Empty { get; } = new();
}
