using System.Text.RegularExpressions;
using Platform.Contracts.Functions;
using Platform.Runtime;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Host.Configuration;

/// <summary>
/// Loads platform.yaml. Every error names the file and line and says what would be valid;
/// nothing is half-applied because the whole file is read before anything starts.
/// </summary>
/// <example>
/// <code>
/// buckets:
///   - processed
///   - name: uploads
///     notifications:
///       queues: [{ queue: upload-events, events: ["s3:ObjectCreated:*"], prefix: in/ }]
///       topics: [{ topic: uploads, events: ["s3:ObjectRemoved:*"] }]
///       eventbridge: true
/// queues:
///   - name: summarize-failures
/// streams:
///   - { name: clicks, shardCount: 2 }
/// functions:
///   summarize:
///     assembly: ObjectSummary/bin/function/ObjectSummary.dll
///     handler: ObjectSummary::ObjectSummary.SummarizeUpload
///     timeout: 30s
///     async: { maximumRetryAttempts: 2, onFailure: summarize-failures }
///     triggers:
///       - s3: { bucket: uploads, events: ["s3:ObjectCreated:*"], prefix: images/ }
/// </code>
/// </example>
public static partial class ConfigLoader
{
    public static PlatformConfig Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!System.IO.File.Exists(fullPath))
            throw new ConfigException(fullPath, 0, "file not found; pass --config PATH or create platform.yaml.");

        using var reader = new StreamReader(fullPath);
        return Parse(reader, fullPath);
    }

    public static PlatformConfig Parse(TextReader text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(text);
        }
        catch (YamlException ex)
        {
            throw new ConfigException(file, (int)ex.Start.Line, $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet reports some scanner failures (e.g. an unterminated flow list) without a position.
            throw new ConfigException(file, 0, $"not valid YAML: {ex.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return PlatformConfig.Empty with { SourcePath = file };

        var yaml = new YamlNodeReader(file);
        var root = yaml.Entries(yaml.Mapping(stream.Documents[0].RootNode, "the file"), "",
            "region", "accountId", "buckets", "queues", "streams", "tables", "topics", "functions", "rules", "schedules");
        var baseDir = Path.GetDirectoryName(file)!;

        var queues = root.TryGetValue("queues", out var queuesNode) ? ReadQueues(yaml, queuesNode) : [];
        var streams = root.TryGetValue("streams", out var streamsNode) ? ReadStreams(yaml, streamsNode) : [];
        var tables = root.TryGetValue("tables", out var tablesNode) ? TableDeclarationReader.Read(yaml, tablesNode) : [];
        var rules = root.TryGetValue("rules", out var rulesNode) ? EventsDeclarationReader.ReadRules(yaml, rulesNode) : [];
        var schedules = root.TryGetValue("schedules", out var schedulesNode) ? EventsDeclarationReader.ReadSchedules(yaml, schedulesNode) : [];
        var functions = new List<FunctionDefinition>();
        var mappings = new List<MappingDeclaration>();
        var eventRules = rules;
        var urls = new List<FunctionUrlDeclaration>();
        var httpRoutes = new List<HttpRouteDeclaration>();
        // Event source ARNs are built from them while the functions' triggers are read.
        var triggers = new List<S3TriggerDeclaration>();
        var region = yaml.OptionalString(root, "region", "") ?? "us-east-1";
        var accountId = yaml.OptionalString(root, "accountId", "") ?? "000000000000";
        var topics = root.TryGetValue("topics", out var topicsNode) ? TopicDeclarationReader.Read(yaml, topicsNode, region, accountId) : [];
        var buckets = root.TryGetValue("buckets", out var bucketsNode)
            ? BucketDeclarationReader.Read(yaml, bucketsNode, region, accountId, triggers)
            : [];
        var snsTriggers = new List<SubscriptionDeclaration>();
        if (root.TryGetValue("functions", out var functionsNode))
        {
            foreach (var (nameNode, body) in yaml.Mapping(functionsNode, "functions").Children)
            {
                var name = yaml.Scalar(nameNode, "functions");
                if (!FunctionName().IsMatch(name))
                    throw yaml.Error(nameNode, $"function name '{name}' must be 1–64 letters, digits, '-' or '_' (as Lambda's).");
                functions.Add(ReadFunction(yaml, name, body, baseDir, triggers,
                    new MappingTarget(mappings, region, accountId, snsTriggers, httpRoutes, eventRules)));
                if (FunctionUrlReader.Read(yaml, name, body) is { } url)
                    urls.Add(url);
            }
        }

        return new PlatformConfig
        {
            SourcePath = file,
            Region = region,
            AccountId = accountId,
            Buckets = buckets,
            Queues = queues,
            Streams = streams,
            Tables = tables,
            Topics = topics,
            SnsTriggers = snsTriggers,
            Functions = functions,
            S3Triggers = triggers,
            Mappings = mappings,
            FunctionUrls = urls,
            HttpRoutes = httpRoutes,
            Rules = rules,
            Schedules = schedules,
        };
    }

    private static List<QueueDeclaration> ReadQueues(YamlNodeReader yaml, YamlNode node)
    {
        var queues = new List<QueueDeclaration>();
        foreach (var (item, i) in yaml.Sequence(node, "queues").Children.Select((n, i) => (n, i)))
        {
            var path = $"queues[{i}]";
            if (item is YamlScalarNode)
            {
                queues.Add(new QueueDeclaration(yaml.Scalar(item, path), new Dictionary<string, string>()));
                continue;
            }

            var entries = yaml.Entries(yaml.Mapping(item, path), path, "name", "attributes");
            var attributes = entries.TryGetValue("attributes", out var attrs)
                ? yaml.Entries(yaml.Mapping(attrs, path + ".attributes"), path + ".attributes")
                    .ToDictionary(kv => kv.Key, kv => yaml.Scalar(kv.Value, $"{path}.attributes.{kv.Key}"))
                : new Dictionary<string, string>();
            queues.Add(new QueueDeclaration(yaml.RequiredString(entries, item, "name", path), attributes));
        }

        return queues;
    }

    /// <summary>`streams: [orders, {name: clicks, shardCount: 4}]` — a bare name has one shard.</summary>
    private static List<StreamDeclaration> ReadStreams(YamlNodeReader yaml, YamlNode node)
    {
        var streams = new List<StreamDeclaration>();
        foreach (var (item, i) in yaml.Sequence(node, "streams").Children.Select((n, i) => (n, i)))
        {
            var path = $"streams[{i}]";
            var line = (int)item.Start.Line;
            if (item is YamlScalarNode)
            {
                streams.Add(new StreamDeclaration(yaml.Scalar(item, path), 1, line));
                continue;
            }

            var entries = yaml.Entries(yaml.Mapping(item, path), path, "name", "shardCount");
            streams.Add(new StreamDeclaration(yaml.RequiredString(entries, item, "name", path),
                yaml.OptionalInt(entries, "shardCount", path, 1, 500) ?? 1, line));
        }

        return streams;
    }

    private static FunctionDefinition ReadFunction(YamlNodeReader yaml, string name, YamlNode body, string baseDir,
        List<S3TriggerDeclaration> triggers, MappingTarget mappings)
    {
        var path = "functions." + name;
        var entries = yaml.Entries(yaml.Mapping(body, path), path,
            "runtime", "assembly", "handler", "timeout", "concurrency", "memory", "environment", "async", "triggers",
            "command", "directory", "isolation", "code", "layers", "ephemeralStorage", "url");

        var runtime = yaml.OptionalString(entries, "runtime", path) ?? "dotnet";
        if (runtime is not ("dotnet" or "process") && !ManagedRuntimes.IsManaged(runtime))
            throw yaml.Error(entries["runtime"],
                $"{path}.runtime '{runtime}' is not supported; use 'dotnet', 'process' or one of Lambda's runtimes: {string.Join(", ", ManagedRuntimes.All)}.");
        var code = ManagedRuntimes.IsManaged(runtime)
            ? ManagedFunctionReader.Read(yaml, entries, body, path, runtime, baseDir)
            : ReadCode(yaml, entries, body, path, runtime, baseDir);
        if (!ManagedRuntimes.IsManaged(runtime))
        {
            foreach (var key in new[] { "code", "layers" })
                if (entries.TryGetValue(key, out var node))
                    throw yaml.Error(node, $"{path}.{key} is for Lambda's runtimes (python3.12, nodejs20.x, …); runtime '{runtime}' names its {(runtime == "process" ? "command and directory" : "assembly")}.");
        }
        var handler = code.Handler;

        var timeout = yaml.OptionalDuration(entries, "timeout", path) ?? TimeSpan.FromSeconds(3);
        if (timeout < TimeSpan.FromMilliseconds(1) || timeout > TimeSpan.FromMinutes(15))
            throw yaml.Error(entries["timeout"], $"{path}.timeout must be between 1ms and 15m (Lambda's limit is 900 s).");

        var environment = entries.TryGetValue("environment", out var envNode)
            ? yaml.Entries(yaml.Mapping(envNode, path + ".environment"), path + ".environment")
                .ToDictionary(kv => kv.Key, kv => yaml.Scalar(kv.Value, $"{path}.environment.{kv.Key}"))
            : new Dictionary<string, string>();

        if (entries.TryGetValue("triggers", out var triggersNode))
            triggers.AddRange(ReadTriggers(yaml, name, triggersNode, path + ".triggers", mappings));

        return new FunctionDefinition
        {
            Name = name,
            Runtime = runtime,
            Assembly = code.Assembly,
            Handler = handler,
            Command = code.Command,
            CodeDirectory = code.Directory,
            Isolation = code.Isolation,
            Timeout = timeout,
            Concurrency = yaml.OptionalInt(entries, "concurrency", path, 1, 1000) ?? 10,
            MemorySize = yaml.OptionalInt(entries, "memory", path, 128, 10240) ?? 128,
            Environment = environment,
            Layers = ManagedFunctionReader.Layers(yaml, entries, path, baseDir),
            EphemeralStorageMb = yaml.OptionalInt(entries, "ephemeralStorage", path, 512, 10240) ?? 512,
            Async = entries.TryGetValue("async", out var asyncNode) ? ReadAsync(yaml, asyncNode, path + ".async") : new AsyncInvokeConfig(),
        };
    }

    /// <summary>What runs: a .NET assembly and handler (in-process, or <c>isolation: process</c>), or
    /// for <c>runtime: process</c> a command run in <c>directory</c> (default: the config file's folder).</summary>
    private static (string? Assembly, string? Handler, IReadOnlyList<string>? Command, string? Directory, string Isolation) ReadCode(
        YamlNodeReader yaml, IReadOnlyDictionary<string, YamlNode> entries, YamlNode body, string path, string runtime, string baseDir)
    {
        if (runtime == "process")
        {
            foreach (var key in new[] { "assembly", "isolation" })
                if (entries.TryGetValue(key, out var node))
                    throw yaml.Error(node, $"{path}.{key} is for runtime 'dotnet'; a process function names its command.");
            if (!entries.TryGetValue("command", out var commandNode))
                throw yaml.Error(body, $"{path}.command is required for runtime 'process' (e.g. command: [\"./bootstrap\"] or [\"python3\", \"handler.py\"]).");
            var command = commandNode is YamlScalarNode ? [yaml.Scalar(commandNode, path + ".command")] : yaml.StringList(commandNode, path + ".command");
            if (command.Count == 0 || string.IsNullOrWhiteSpace(command[0]))
                throw yaml.Error(commandNode, $"{path}.command must name an executable.");
            var directory = Path.GetFullPath(Path.Combine(baseDir, yaml.OptionalString(entries, "directory", path) ?? "."));
            return (null, yaml.OptionalString(entries, "handler", path), command, directory, "process");
        }

        foreach (var key in new[] { "command", "directory" })
            if (entries.TryGetValue(key, out var node))
                throw yaml.Error(node, $"{path}.{key} is for runtime 'process'; a dotnet function names its assembly.");
        var assembly = yaml.RequiredString(entries, body, "assembly", path);
        var handler = yaml.RequiredString(entries, body, "handler", path);
        if (!handler.Contains("::", StringComparison.Ordinal))
            throw yaml.Error(entries["handler"], $"{path}.handler must be 'Assembly::Namespace.Type', not '{handler}'.");
        var isolation = yaml.OptionalString(entries, "isolation", path) ?? "in-process";
        if (isolation is not ("in-process" or "process"))
            throw yaml.Error(entries["isolation"], $"{path}.isolation '{isolation}' is not valid; use 'in-process' (default) or 'process'.");
        return (Path.GetFullPath(Path.Combine(baseDir, assembly)), handler, null, null, isolation);
    }

    private static AsyncInvokeConfig ReadAsync(YamlNodeReader yaml, YamlNode node, string path)
    {
        var entries = yaml.Entries(yaml.Mapping(node, path), path,
            "maximumRetryAttempts", "maximumEventAgeInSeconds", "retryDelays", "onFailure");
        var defaults = new AsyncInvokeConfig();
        return new AsyncInvokeConfig
        {
            MaximumRetryAttempts = yaml.OptionalInt(entries, "maximumRetryAttempts", path, 0, 2) ?? defaults.MaximumRetryAttempts,
            MaximumEventAgeInSeconds = yaml.OptionalInt(entries, "maximumEventAgeInSeconds", path, 60, 21600) ?? defaults.MaximumEventAgeInSeconds,
            RetryDelays = entries.TryGetValue("retryDelays", out var delays)
                ? yaml.Sequence(delays, path + ".retryDelays").Children.Select((d, i) => yaml.Duration(d, $"{path}.retryDelays[{i}]")).ToList()
                : defaults.RetryDelays,
            OnFailureDestination = yaml.OptionalString(entries, "onFailure", path),
        };
    }

    private static IEnumerable<S3TriggerDeclaration> ReadTriggers(YamlNodeReader yaml, string function, YamlNode node, string path,
        MappingTarget mappings)
    {
        foreach (var (item, i) in yaml.Sequence(node, path).Children.Select((n, i) => (n, i)))
        {
            var itemPath = $"{path}[{i}]";
            var kinds = yaml.Entries(yaml.Mapping(item, itemPath), itemPath, "s3", "sqs", "kinesis", "dynamodb", "sns", "http", "schedule", "eventbridge");
            if (kinds.Count != 1)
                throw yaml.Error(item, $"{itemPath} must name one trigger kind: s3, sqs, kinesis, dynamodb, sns, http, schedule or eventbridge.");
            if (mappings.TryRead(yaml, function, kinds, (int)item.Start.Line, itemPath))
                continue;

            var s3Node = kinds["s3"];
            var s3Path = itemPath + ".s3";
            var s3 = yaml.Entries(yaml.Mapping(s3Node, s3Path), s3Path, "bucket", "events", "prefix", "suffix", "id");
            yield return new S3TriggerDeclaration
            {
                Function = function,
                Bucket = yaml.RequiredString(s3, s3Node, "bucket", s3Path),
                Id = S3TriggerIdPrefix + (yaml.OptionalString(s3, "id", s3Path) ?? $"{function}-{i}"),
                Events = s3.TryGetValue("events", out var events) ? yaml.StringList(events, s3Path + ".events") : ["s3:ObjectCreated:*"],
                Prefix = yaml.OptionalString(s3, "prefix", s3Path),
                Suffix = yaml.OptionalString(s3, "suffix", s3Path),
                Line = (int)item.Start.Line,
            };
        }
    }

    /// <summary>Where `sqs:`, `kinesis:` and `dynamodb:` triggers go (event source mappings), with what their
    /// ARNs are built from; `sns:` triggers (subscriptions), `http:` triggers (routes of the declared HTTP API)
    /// and `schedule:` / `eventbridge:` triggers (EventBridge rules).</summary>
    private sealed record MappingTarget(List<MappingDeclaration> Mappings, string Region, string AccountId,
        List<SubscriptionDeclaration> SnsTriggers, List<HttpRouteDeclaration> HttpRoutes, List<EventRuleDeclaration> Rules)
    {
        public bool TryRead(YamlNodeReader yaml, string function, IReadOnlyDictionary<string, YamlNode> kinds, int line, string path)
        {
            // `schedule:` and `eventbridge:` become EventBridge rules targeting the function.
            if (EventsDeclarationReader.ReadTrigger(yaml, function, kinds, Rules.Count(r => r.Name.StartsWith(
                    EventsDeclarationReader.TriggerRulePrefix + function + "-", StringComparison.Ordinal)), path, Region, AccountId) is { } rule)
            {
                Rules.Add(rule);
                return true;
            }
            MappingDeclaration declaration;
            if (kinds.TryGetValue("sns", out var sns))
            {
                SnsTriggers.Add(TopicDeclarationReader.ReadTrigger(yaml, function, sns, line, path + ".sns", Region, AccountId));
                return true;
            }
            if (kinds.TryGetValue("http", out var http))
            {
                var route = HttpRouteReader.Read(yaml, function, http, path + ".http");
                if (HttpRoutes.FirstOrDefault(r => r.RouteKey == route.RouteKey) is { } taken)
                    throw yaml.Error(http, $"{path}.http: the route {route.RouteKey} is already function '{taken.Function}''s; a route key is declared once.");
                HttpRoutes.Add(route);
                return true;
            }
            if (kinds.TryGetValue("sqs", out var sqs))
                declaration = MappingDeclarationReader.ReadSqs(yaml, function, sqs, line, path + ".sqs", Region, AccountId);
            else if (kinds.TryGetValue("kinesis", out var kinesis))
                declaration = MappingDeclarationReader.ReadKinesis(yaml, function, kinesis, line, path + ".kinesis", Region, AccountId);
            else if (kinds.TryGetValue("dynamodb", out var dynamodb))
                declaration = MappingDeclarationReader.ReadDynamoDb(yaml, function, dynamodb, line, path + ".dynamodb", Region, AccountId);
            else
                return false;

            if (Mappings.Any(m => m.Uuid == declaration.Uuid))
                throw yaml.Error(kinds.Values.Single(),
                    $"{path}: function '{function}' already has a trigger on {declaration.Mapping.EventSourceArn}; declare each source once per function.");
            Mappings.Add(declaration);
            return true;
        }
    }

    /// <summary>Notification configuration ids that platform.yaml owns; a reload replaces exactly these.</summary>
    public const string S3TriggerIdPrefix = "platform-yaml-";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex FunctionName();
}
