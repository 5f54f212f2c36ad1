using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Emulators.Tables.Engine;
using Platform.Functions;
using Platform.Host.Configuration;
using Platform.Runtime;
using Platform.Triggers.Mappings;

namespace Platform.Testing;

/// <summary>
/// What a test's platform holds: platform.yaml (<see cref="UseConfig"/>) and/or what the test adds
/// in code — functions by type, instance or delegate, buckets with notifications, queues, streams,
/// tables and event source mappings. Everything added here goes through the same provisioning as
/// platform.yaml, so a mapping is validated with AWS's rules and messages.
/// </summary>
public sealed class PlatformTestBuilder
{
    /// <summary>AWS's async retry delays (about 1 and 2 minutes): with the virtual clock they cost
    /// nothing, so the test host uses them instead of the local default of 1 s and 2 s.</summary>
    public static readonly IReadOnlyList<TimeSpan> AwsRetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)];

    private readonly List<string> _buckets = [];
    private readonly List<S3TriggerDeclaration> _s3Triggers = [];
    private readonly List<QueueDeclaration> _queues = [];
    private readonly List<StreamDeclaration> _streams = [];
    private readonly List<TableDeclaration> _tables = [];
    private readonly List<Func<string, string, EventSourceMapping>> _mappings = [];
    private readonly List<Action<IServiceCollection>> _services = [];
    private string? _configPath;

    /// <summary>Starts from a platform.yaml (relative paths in it resolve against its folder).</summary>
    public PlatformTestBuilder UseConfig(string path)
    {
        _configPath = Path.GetFullPath(path);
        return this;
    }

    /// <summary>A .NET function by type: it implements <see cref="IFunction{TEvent,TResult}"/> and its
    /// constructor may take services (<see cref="ConfigureServices"/>).</summary>
    public PlatformTestBuilder AddFunction<TFunction>(string name, Func<FunctionDefinition, FunctionDefinition>? configure = null)
        where TFunction : class
    {
        var definition = Define(name, configure);
        _services.Add(services => services.AddFunction<TFunction>(definition));
        return this;
    }

    /// <summary>A .NET function by instance — a fake that records or fails as the test wants.</summary>
    public PlatformTestBuilder AddFunction(string name, object function, Func<FunctionDefinition, FunctionDefinition>? configure = null)
    {
        var definition = Define(name, configure);
        _services.Add(services => services.AddFunction(definition, function));
        return this;
    }

    /// <summary>A function as a delegate: the event JSON in, the result JSON (or null) out; throwing fails the invocation.</summary>
    public PlatformTestBuilder AddFunction(string name, Func<string, Task<string?>> handler,
        Func<FunctionDefinition, FunctionDefinition>? configure = null)
    {
        var definition = Define(name, configure);
        _services.Add(services => services.AddFunction(definition, (payload, _) => handler(payload)));
        return this;
    }

    public PlatformTestBuilder AddBucket(string name, Action<BucketBuilder>? configure = null)
    {
        _buckets.Add(name);
        var bucket = new BucketBuilder(name);
        configure?.Invoke(bucket);
        _s3Triggers.AddRange(bucket.Triggers);
        return this;
    }

    /// <summary>A queue, with SQS attribute names (<c>VisibilityTimeout</c>, <c>RedrivePolicy</c>, …).</summary>
    public PlatformTestBuilder AddQueue(string name, IReadOnlyDictionary<string, string>? attributes = null)
    {
        _queues.Add(new QueueDeclaration(name, attributes ?? new Dictionary<string, string>()));
        return this;
    }

    public PlatformTestBuilder AddStream(string name, int shardCount = 1)
    {
        _streams.Add(new StreamDeclaration(name, shardCount, 0));
        return this;
    }

    /// <summary>A DynamoDB table with a stream (<c>NEW_AND_OLD_IMAGES</c> unless told): keys as <c>name:S</c>, <c>name:N</c> or <c>name:B</c>.</summary>
    public PlatformTestBuilder AddTable(string name, string hashKey, string? rangeKey = null, string? stream = "NEW_AND_OLD_IMAGES")
    {
        var keys = new[] { hashKey, rangeKey }.OfType<string>().Select(k => k.Split(':') is [var n, var t] ? (n, t)
            : throw new ArgumentException($"key '{k}' must be name:S, name:N or name:B")).ToList();
        _tables.Add(new TableDeclaration(new TableDefinition
        {
            Name = name,
            AttributeDefinitions = keys.Select(k => new AttributeDefinition(k.n, k.t)).ToList(),
            HashKey = keys[0].n,
            RangeKey = keys.Count > 1 ? keys[1].n : null,
            BillingMode = "PAY_PER_REQUEST",
            StreamEnabled = stream is not null,
            StreamViewType = stream,
        }, null, 0));
        return this;
    }

    /// <summary>An SQS event source mapping; <paramref name="configure"/> sets AWS's options
    /// (<c>m => m with { BatchSize = 5, FunctionResponseTypes = ["ReportBatchItemFailures"] }</c>).</summary>
    public PlatformTestBuilder AddSqsTrigger(string function, string queue, Func<EventSourceMapping, EventSourceMapping>? configure = null) =>
        AddMapping(function, (region, account) => $"arn:aws:sqs:{region}:{account}:{queue}", configure, startingPosition: null);

    /// <summary>A Kinesis event source mapping, from TRIM_HORIZON unless told otherwise.</summary>
    public PlatformTestBuilder AddKinesisTrigger(string function, string stream, Func<EventSourceMapping, EventSourceMapping>? configure = null) =>
        AddMapping(function, (region, account) => $"arn:aws:kinesis:{region}:{account}:stream/{stream}", configure, "TRIM_HORIZON");

    /// <summary>A DynamoDB stream event source mapping on the table's current stream, from TRIM_HORIZON unless told otherwise.</summary>
    public PlatformTestBuilder AddDynamoDbTrigger(string function, string table, Func<EventSourceMapping, EventSourceMapping>? configure = null) =>
        AddMapping(function, (region, account) => $"arn:aws:dynamodb:{region}:{account}:table/{table}{MappingDeclarationReader.LatestStreamSuffix}",
            configure, "TRIM_HORIZON");

    /// <summary>Services a function's constructor takes, or replacements of the platform's own.</summary>
    public PlatformTestBuilder ConfigureServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    internal void ApplyServices(IServiceCollection services)
    {
        foreach (var configure in _services)
            configure(services);
    }

    internal PlatformConfig BuildConfig()
    {
        var file = _configPath is null ? PlatformConfig.Empty : ConfigLoader.Load(_configPath);
        var mappings = _mappings.Select(m => new MappingDeclaration(m(file.Region, file.AccountId), 0));
        return file with
        {
            Buckets = [.. file.Buckets, .. _buckets.Except(file.Buckets)],
            Queues = [.. file.Queues, .. _queues],
            Streams = [.. file.Streams, .. _streams],
            Tables = [.. file.Tables, .. _tables],
            S3Triggers = [.. file.S3Triggers, .. _s3Triggers],
            Mappings = [.. file.Mappings, .. mappings],
        };
    }

    private PlatformTestBuilder AddMapping(string function, Func<string, string, string> arn,
        Func<EventSourceMapping, EventSourceMapping>? configure, string? startingPosition)
    {
        _mappings.Add((region, account) =>
        {
            var source = arn(region, account);
            var mapping = new EventSourceMapping
            {
                Uuid = MappingIds.ForDeclaration(function, source),
                FunctionName = function,
                EventSourceArn = source,
                Origin = MappingOrigins.Config,
                StartingPosition = startingPosition,
            };
            return configure?.Invoke(mapping) ?? mapping;
        });
        return this;
    }

    private FunctionDefinition Define(string name, Func<FunctionDefinition, FunctionDefinition>? configure)
    {
        var definition = new FunctionDefinition { Name = name, Async = new AsyncInvokeConfig { RetryDelays = AwsRetryDelays } };
        return configure?.Invoke(definition) ?? definition;
    }
}
