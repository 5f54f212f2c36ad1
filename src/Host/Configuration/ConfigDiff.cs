using Platform.Contracts.Functions;

namespace Platform.Host.Configuration;

/// <summary>
/// What changes between two versions of platform.yaml: the part of a reload that has to be applied.
/// From no previous version (the start) everything is new.
/// </summary>
internal sealed record ConfigDiff
{
    public IReadOnlyList<FunctionDefinition> AddedFunctions { get; init; } = [];
    public IReadOnlyList<FunctionDefinition> ChangedFunctions { get; init; } = [];
    public IReadOnlyList<string> RemovedFunctions { get; init; } = [];

    public IReadOnlyList<S3TriggerDeclaration> AddedTriggers { get; init; } = [];
    public IReadOnlyList<S3TriggerDeclaration> ChangedTriggers { get; init; } = [];
    public IReadOnlyList<S3TriggerDeclaration> RemovedTriggers { get; init; } = [];

    /// <summary>Buckets whose declared S3 triggers differ, including those that lost all of theirs:
    /// their notification configurations must be re-applied.</summary>
    public IReadOnlyList<string> TriggerBuckets { get; init; } = [];

    /// <summary>Event source mappings (`sqs:` / `kinesis:` triggers), by UUID.</summary>
    public IReadOnlyList<MappingDeclaration> AddedMappings { get; init; } = [];
    public IReadOnlyList<MappingDeclaration> ChangedMappings { get; init; } = [];
    public IReadOnlyList<MappingDeclaration> RemovedMappings { get; init; } = [];

    public IReadOnlyList<string> AddedBuckets { get; init; } = [];
    public IReadOnlyList<string> AddedQueues { get; init; } = [];

    /// <summary>No longer declared, but kept: a reload creates resources, it never deletes any.</summary>
    public IReadOnlyList<string> DroppedBuckets { get; init; } = [];
    public IReadOnlyList<string> DroppedQueues { get; init; } = [];

    public bool IsEmpty =>
        AddedFunctions.Count + ChangedFunctions.Count + RemovedFunctions.Count
        + AddedTriggers.Count + ChangedTriggers.Count + RemovedTriggers.Count
        + AddedMappings.Count + ChangedMappings.Count + RemovedMappings.Count
        + AddedBuckets.Count + AddedQueues.Count + DroppedBuckets.Count + DroppedQueues.Count == 0;

    public static ConfigDiff Between(PlatformConfig? previous, PlatformConfig next)
    {
        // A name or trigger Id given twice is the loader's or S3's error to report, not a crash here.
        var before = (previous?.Functions ?? []).DistinctBy(f => f.Name, StringComparer.Ordinal).ToDictionary(f => f.Name, StringComparer.Ordinal);
        var after = next.Functions.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

        var beforeTriggers = (previous?.S3Triggers ?? []).DistinctBy(TriggerKey).ToDictionary(TriggerKey);
        var afterTriggers = next.S3Triggers.DistinctBy(TriggerKey).ToDictionary(TriggerKey);
        var addedTriggers = next.S3Triggers.Where(t => !beforeTriggers.ContainsKey(TriggerKey(t))).ToList();
        var changedTriggers = next.S3Triggers
            .Where(t => beforeTriggers.TryGetValue(TriggerKey(t), out var old) && !SameTrigger(old, t)).ToList();
        var removedTriggers = (previous?.S3Triggers ?? []).Where(t => !afterTriggers.ContainsKey(TriggerKey(t))).ToList();

        var beforeMappings = (previous?.Mappings ?? []).DistinctBy(m => m.Uuid).ToDictionary(m => m.Uuid, StringComparer.Ordinal);
        var afterMappings = next.Mappings.Select(m => m.Uuid).ToHashSet(StringComparer.Ordinal);

        var beforeBuckets = previous is null ? [] : DeclaredBuckets(previous);
        var afterBuckets = DeclaredBuckets(next);
        var beforeQueues = (previous?.Queues ?? []).Select(q => q.Name).ToList();
        var afterQueues = next.Queues.Select(q => q.Name).ToList();

        return new ConfigDiff
        {
            AddedFunctions = next.Functions.Where(f => !before.ContainsKey(f.Name)).ToList(),
            ChangedFunctions = next.Functions.Where(f => before.TryGetValue(f.Name, out var old) && !SameFunction(old, f)).ToList(),
            RemovedFunctions = before.Keys.Where(name => !after.Contains(name)).ToList(),
            AddedTriggers = addedTriggers,
            ChangedTriggers = changedTriggers,
            RemovedTriggers = removedTriggers,
            AddedMappings = next.Mappings.Where(m => !beforeMappings.ContainsKey(m.Uuid)).ToList(),
            ChangedMappings = next.Mappings
                .Where(m => beforeMappings.TryGetValue(m.Uuid, out var old) && !old.Mapping.IsEquivalentTo(m.Mapping)).ToList(),
            RemovedMappings = beforeMappings.Values.Where(m => !afterMappings.Contains(m.Uuid)).ToList(),
            TriggerBuckets = addedTriggers.Concat(changedTriggers).Concat(removedTriggers)
                .Select(t => t.Bucket).Distinct(StringComparer.Ordinal).ToList(),
            AddedBuckets = afterBuckets.Except(beforeBuckets, StringComparer.Ordinal).ToList(),
            AddedQueues = afterQueues.Except(beforeQueues, StringComparer.Ordinal).ToList(),
            DroppedBuckets = beforeBuckets.Except(afterBuckets, StringComparer.Ordinal).ToList(),
            DroppedQueues = beforeQueues.Except(afterQueues, StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>Every bucket the file makes exist: those listed and those its triggers watch.</summary>
    public static IReadOnlyList<string> DeclaredBuckets(PlatformConfig config) =>
        config.Buckets.Concat(config.S3Triggers.Select(t => t.Bucket)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>One line for the reload log: what changed, or that nothing did.</summary>
    public string Summary()
    {
        var parts = new List<string>();
        Add("functions added", AddedFunctions.Select(f => f.Name));
        Add("functions changed", ChangedFunctions.Select(f => f.Name));
        Add("functions removed", RemovedFunctions);
        Add("S3 triggers added", AddedTriggers.Select(Describe));
        Add("S3 triggers changed", ChangedTriggers.Select(Describe));
        Add("S3 triggers removed", RemovedTriggers.Select(Describe));
        Add("event source mappings added", AddedMappings.Select(Describe));
        Add("event source mappings changed", ChangedMappings.Select(Describe));
        Add("event source mappings removed", RemovedMappings.Select(Describe));
        Add("buckets created", AddedBuckets);
        Add("queues created", AddedQueues);
        return parts.Count == 0 ? "no changes" : string.Join("; ", parts);

        void Add(string what, IEnumerable<string> names)
        {
            var list = names.ToList();
            if (list.Count > 0)
                parts.Add($"{what}: {string.Join(", ", list)}");
        }
    }

    private static string Describe(S3TriggerDeclaration t) => $"{t.Bucket} → {t.Target}";

    private static string Describe(MappingDeclaration m) => $"{m.Mapping.EventSourceArn} → {m.Mapping.FunctionName}";

    private static (string Bucket, string Id) TriggerKey(S3TriggerDeclaration t) => (t.Bucket, t.Id);

    // Line is where it was written, not what it does: moving a trigger down the file changes nothing.
    private static bool SameTrigger(S3TriggerDeclaration a, S3TriggerDeclaration b) =>
        a.Function == b.Function && a.QueueArn == b.QueueArn && a.TopicArn == b.TopicArn && a.EventBridge == b.EventBridge && a.Prefix == b.Prefix && a.Suffix == b.Suffix && a.Events.SequenceEqual(b.Events);

    // Records compare collections by reference; compare those by content and let the record
    // compare every other property, so one added to FunctionDefinition later counts too.
    private static bool SameFunction(FunctionDefinition a, FunctionDefinition b) =>
        a with { Environment = b.Environment, Async = b.Async, Command = b.Command, Layers = b.Layers } == b
        && (a.Command ?? []).SequenceEqual(b.Command ?? [])
        && a.Layers.SequenceEqual(b.Layers)
        && a.Environment.Count == b.Environment.Count
        && a.Environment.All(kv => b.Environment.TryGetValue(kv.Key, out var value) && value == kv.Value)
        && a.Async with { RetryDelays = b.Async.RetryDelays } == b.Async
        && a.Async.RetryDelays.SequenceEqual(b.Async.RetryDelays);
}
