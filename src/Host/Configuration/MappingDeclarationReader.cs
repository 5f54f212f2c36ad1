using System.Globalization;
using Platform.Triggers.Mappings;
using YamlDotNet.RepresentationModel;

namespace Platform.Host.Configuration;

/// <summary>
/// Reads a function's `sqs:` and `kinesis:` triggers into event source mappings, options named as
/// in Lambda's CreateEventSourceMapping (camelCase). Only shapes and types are checked here; AWS's
/// rules (ranges, combinations, the function timeout against the queue's visibility timeout) are
/// the source kind's, applied when the file is provisioned and reported at the trigger's line.
/// </summary>
internal static class MappingDeclarationReader
{
    private static readonly string[] CommonOptions =
        ["batchSize", "maximumBatchingWindowInSeconds", "functionResponseTypes", "filterCriteria", "enabled"];

    public static MappingDeclaration ReadSqs(YamlNodeReader yaml, string function, YamlNode node, int line, string path,
        string region, string accountId)
    {
        var entries = yaml.Entries(yaml.Mapping(node, path), path, [.. CommonOptions, "queue", "scalingConfig"]);
        var queue = yaml.RequiredString(entries, node, "queue", path);
        var arn = queue.StartsWith("arn:", StringComparison.Ordinal) ? queue : $"arn:aws:sqs:{region}:{accountId}:{queue}";
        if (EventSourceKinds.Of(arn) != EventSourceKind.Sqs)
            throw yaml.Error(entries["queue"], $"{path}.queue must be a queue name or an SQS queue ARN, not '{queue}'.");

        int? maximumConcurrency = null;
        if (entries.TryGetValue("scalingConfig", out var scaling))
        {
            var scalingEntries = yaml.Entries(yaml.Mapping(scaling, path + ".scalingConfig"), path + ".scalingConfig", "maximumConcurrency");
            maximumConcurrency = Int(yaml, scalingEntries, "maximumConcurrency", path + ".scalingConfig");
        }

        return new MappingDeclaration(Common(yaml, entries, function, arn, path) with { MaximumConcurrency = maximumConcurrency }, line);
    }

    public static MappingDeclaration ReadKinesis(YamlNodeReader yaml, string function, YamlNode node, int line, string path,
        string region, string accountId) =>
        ReadStream(yaml, function, node, line, path, region, accountId, "stream", EventSourceKind.Kinesis,
            stream => stream.StartsWith("arn:", StringComparison.Ordinal) ? stream : $"arn:aws:kinesis:{region}:{accountId}:stream/{stream}",
            "a stream name or a Kinesis stream ARN");

    /// <summary>`- dynamodb: {table, …}`: the table's current stream (<see cref="LatestStreamSuffix"/>, resolved when the
    /// mapping is provisioned, since a stream's ARN carries its creation time), or a stream ARN; options as Kinesis's.</summary>
    public static MappingDeclaration ReadDynamoDb(YamlNodeReader yaml, string function, YamlNode node, int line, string path,
        string region, string accountId) =>
        ReadStream(yaml, function, node, line, path, region, accountId, "table", EventSourceKind.DynamoDb,
            table => table.StartsWith("arn:", StringComparison.Ordinal) ? table : $"arn:aws:dynamodb:{region}:{accountId}:table/{table}{LatestStreamSuffix}",
            "a table name or a DynamoDB stream ARN");

    /// <summary>Ends the ARN of a `dynamodb:` trigger that names a table: its latest stream.</summary>
    public const string LatestStreamSuffix = "/stream/latest";

    private static MappingDeclaration ReadStream(YamlNodeReader yaml, string function, YamlNode node, int line, string path,
        string region, string accountId, string sourceKey, EventSourceKind kind, Func<string, string> arnOf, string expected)
    {
        var entries = yaml.Entries(yaml.Mapping(node, path), path,
        [
            .. CommonOptions, sourceKey, "startingPosition", "startingPositionTimestamp", "parallelizationFactor",
            "maximumRetryAttempts", "maximumRecordAgeInSeconds", "bisectBatchOnFunctionError", "tumblingWindowInSeconds",
            "destinationConfig",
        ]);
        var stream = yaml.RequiredString(entries, node, sourceKey, path);
        var arn = arnOf(stream);
        if (EventSourceKinds.Of(arn) != kind)
            throw yaml.Error(entries[sourceKey], $"{path}.{sourceKey} must be {expected}, not '{stream}'.");

        string? onFailure = null;
        if (entries.TryGetValue("destinationConfig", out var destination))
        {
            var destinationPath = path + ".destinationConfig";
            var onFailureNode = yaml.Entries(yaml.Mapping(destination, destinationPath), destinationPath, "onFailure");
            if (onFailureNode.TryGetValue("onFailure", out var target))
            {
                var targetEntries = yaml.Entries(yaml.Mapping(target, destinationPath + ".onFailure"), destinationPath + ".onFailure", "destination");
                var name = yaml.RequiredString(targetEntries, target, "destination", destinationPath + ".onFailure");
                onFailure = name.StartsWith("arn:", StringComparison.Ordinal) ? name : $"arn:aws:sqs:{region}:{accountId}:{name}";
            }
        }

        return new MappingDeclaration(Common(yaml, entries, function, arn, path) with
        {
            StartingPosition = yaml.OptionalString(entries, "startingPosition", path),
            StartingPositionTimestamp = Timestamp(yaml, entries, "startingPositionTimestamp", path),
            ParallelizationFactor = Int(yaml, entries, "parallelizationFactor", path),
            MaximumRetryAttempts = Int(yaml, entries, "maximumRetryAttempts", path),
            MaximumRecordAgeInSeconds = Int(yaml, entries, "maximumRecordAgeInSeconds", path),
            BisectBatchOnFunctionError = Bool(yaml, entries, "bisectBatchOnFunctionError", path),
            TumblingWindowInSeconds = Int(yaml, entries, "tumblingWindowInSeconds", path),
            OnFailureDestination = onFailure,
        }, line);
    }

    private static EventSourceMapping Common(YamlNodeReader yaml, IReadOnlyDictionary<string, YamlNode> entries, string function,
        string arn, string path) => new()
    {
        Uuid = MappingIds.ForDeclaration(function, arn),
        FunctionName = function,
        EventSourceArn = arn,
        Origin = MappingOrigins.Config,
        Enabled = Bool(yaml, entries, "enabled", path) ?? true,
        BatchSize = Int(yaml, entries, "batchSize", path),
        MaximumBatchingWindowInSeconds = Int(yaml, entries, "maximumBatchingWindowInSeconds", path),
        FunctionResponseTypes = entries.TryGetValue("functionResponseTypes", out var types)
            ? yaml.StringList(types, path + ".functionResponseTypes")
            : [],
        FilterPatterns = entries.TryGetValue("filterCriteria", out var criteria) ? Filters(yaml, criteria, path + ".filterCriteria") : [],
    };

    private static List<string> Filters(YamlNodeReader yaml, YamlNode node, string path)
    {
        var entries = yaml.Entries(yaml.Mapping(node, path), path, "filters");
        if (!entries.TryGetValue("filters", out var filters))
            return [];
        return yaml.Sequence(filters, path + ".filters").Children.Select((filter, i) =>
        {
            var filterPath = $"{path}.filters[{i}]";
            var filterEntries = yaml.Entries(yaml.Mapping(filter, filterPath), filterPath, "pattern");
            return yaml.RequiredString(filterEntries, filter, "pattern", filterPath);
        }).ToList();
    }

    private static int? Int(YamlNodeReader yaml, IReadOnlyDictionary<string, YamlNode> entries, string key, string path) =>
        yaml.OptionalInt(entries, key, path, int.MinValue, int.MaxValue);

    private static bool? Bool(YamlNodeReader yaml, IReadOnlyDictionary<string, YamlNode> entries, string key, string path)
    {
        if (!entries.TryGetValue(key, out var node))
            return null;
        return yaml.Scalar(node, YamlNodeReader.Join(path, key)) switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            var other => throw yaml.Error(node, $"{YamlNodeReader.Join(path, key)} must be true or false, not '{other}'."),
        };
    }

    private static DateTimeOffset? Timestamp(YamlNodeReader yaml, IReadOnlyDictionary<string, YamlNode> entries, string key, string path)
    {
        if (!entries.TryGetValue(key, out var node))
            return null;
        var text = yaml.Scalar(node, YamlNodeReader.Join(path, key));
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return time;
        throw yaml.Error(node, $"{YamlNodeReader.Join(path, key)} must be an ISO-8601 time or epoch seconds, not '{text}'.");
    }
}
