using Microsoft.Data.Sqlite;
using Platform.Emulators.State;

namespace Platform.Emulators.Topics.Engine;

/// <summary>
/// SNS, protocol-free and durable in the platform database: topics, subscriptions, and the outbox
/// a Publish writes before it is acknowledged (see <see cref="TopicSchema"/>). Topics and
/// subscriptions are also held in memory — this engine is their only writer — so a Publish reads
/// nothing from SQLite and costs one insert in the next group commit.
/// </summary>
public sealed partial class TopicEngine : ITopicDeliveryFeed, ITopicPort
{
    public const int MaxTags = 50;
    private const int PageSize = 100;

    private readonly PlatformDatabase _database;
    private readonly TimeProvider _time;
    private readonly IFilterPolicyRules _filterRules;
    private readonly object _lock = new();
    private readonly Dictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);

    public TopicEngine(PlatformDatabase database, TopicEngineOptions options, TimeProvider time, IFilterPolicyRules filterRules)
    {
        _database = database;
        Options = options;
        _time = time;
        _filterRules = filterRules;
        _database.EnsureSchema(TopicSchema.Ddl);
        Load();
    }

    public TopicEngineOptions Options { get; }

    public ChangeSignal Changed { get; } = new();

    /// <summary>Fires after topics or subscriptions changed (platform.yaml provisioning, dashboards).</summary>
    public ChangeSignal ConfigurationChanged { get; } = new();

    public string TopicArn(string name) => TopicNames.Arn(Options, name);

    public bool TopicExists(string topicArn)
    {
        lock (_lock)
            return _topics.ContainsKey(topicArn);
    }

    // ---- Topics ----

    public async Task<string> CreateTopicAsync(string? name, IReadOnlyDictionary<string, string>? attributes,
        IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken)
    {
        attributes ??= new Dictionary<string, string>();
        tags ??= new Dictionary<string, string>();
        foreach (var key in attributes.Keys)
        {
            if (!TopicAttributeNames.IsCreatable(key))
                throw TopicErrors.InvalidParameter("AttributeName");
        }

        var fifo = attributes.TryGetValue(TopicAttributeNames.FifoTopic, out var fifoText) && ParseBool(fifoText, "FifoTopic");
        TopicNames.Validate(name, fifo);
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            if (key == TopicAttributeNames.FifoTopic)
                continue;
            ValidateTopicAttribute(key, value, fifo);
            stored[key] = value;
        }
        TagRules.Validate(tags);

        var arn = TopicNames.Arn(Options, name!);
        lock (_lock)
        {
            if (_topics.TryGetValue(arn, out var existing))
                return SameTopic(existing, stored, tags) ? arn : throw TopicErrors.InvalidParameter(
                    "Attributes Reason: Topic already exists with different attributes");
        }

        var topic = new Topic(arn, name!, fifo, stored, new Dictionary<string, string>(tags, StringComparer.Ordinal));
        var created = await _database.WriteAsync(connection =>
        {
            using var insert = Command(connection, """
                INSERT OR IGNORE INTO sns_topics (arn, name, fifo, attributes, tags, created_ms)
                VALUES ($arn, $name, $fifo, $attributes, $tags, $now)
                """, ("$arn", arn), ("$name", name), ("$fifo", fifo ? 1 : 0), ("$attributes", TopicJson.WriteMap(stored)),
                ("$tags", TopicJson.WriteMap(topic.Tags)), ("$now", NowMs()));
            return insert.ExecuteNonQuery() == 1;
        }, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            lock (_lock)
                _topics[arn] = topic;
            ConfigurationChanged.Notify();
        }
        return arn;
    }

    /// <summary>Deleting a topic that does not exist succeeds, as in SNS; its subscriptions go with it.</summary>
    public async Task DeleteTopicAsync(string? topicArn, CancellationToken cancellationToken)
    {
        var arn = RequireTopicArn(topicArn);
        await _database.WriteAsync(connection =>
        {
            using var topics = Command(connection, "DELETE FROM sns_topics WHERE arn = $arn", ("$arn", arn));
            topics.ExecuteNonQuery();
            using var subscriptions = Command(connection, "DELETE FROM sns_subscriptions WHERE topic_arn = $arn", ("$arn", arn));
            subscriptions.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _topics.Remove(arn);
            foreach (var subscription in _subscriptions.Values.Where(s => s.TopicArn == arn).ToList())
                _subscriptions.Remove(subscription.Arn);
        }
        ConfigurationChanged.Notify();
    }

    /// <summary>100 topic ARNs a page, in ARN order; the token is the last ARN of the page.</summary>
    public (IReadOnlyList<string> Arns, string? NextToken) ListTopics(string? nextToken)
    {
        List<string> all;
        lock (_lock)
            all = [.. _topics.Keys];
        all.Sort(StringComparer.Ordinal);
        return Page(all, nextToken);
    }

    public IReadOnlyList<Topic> Topics()
    {
        lock (_lock)
            return [.. _topics.Values];
    }

    public Dictionary<string, string> GetTopicAttributes(string? topicArn)
    {
        var topic = RequireTopic(topicArn);
        int confirmed, pending;
        lock (_lock)
        {
            confirmed = _subscriptions.Values.Count(s => s.TopicArn == topic.Arn && s.Confirmed);
            pending = _subscriptions.Values.Count(s => s.TopicArn == topic.Arn && !s.Confirmed);
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TopicAttributeNames.Policy] = DefaultPolicy(topic.Arn),
            ["Owner"] = Options.AccountId,
            ["SubscriptionsPending"] = pending.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TopicArn"] = topic.Arn,
            ["EffectiveDeliveryPolicy"] = DeliveryPolicies.DefaultEffective,
            ["SubscriptionsConfirmed"] = confirmed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [TopicAttributeNames.DisplayName] = "",
            ["SubscriptionsDeleted"] = "0",
        };
        if (topic.Fifo)
        {
            attributes[TopicAttributeNames.FifoTopic] = "true";
            attributes[TopicAttributeNames.ContentBasedDeduplication] = "false";
        }
        foreach (var (key, value) in topic.Attributes)
            attributes[key] = value;
        return attributes;
    }

    public async Task SetTopicAttributeAsync(string? topicArn, string? name, string? value, CancellationToken cancellationToken)
    {
        var topic = RequireTopic(topicArn);
        if (name is null || !TopicAttributeNames.Settable.Contains(name))
            throw TopicErrors.InvalidParameter("AttributeName");
        value ??= "";
        ValidateTopicAttribute(name, value, topic.Fifo);
        var attributes = new Dictionary<string, string>(topic.Attributes, StringComparer.Ordinal) { [name] = value };
        await SaveTopicAsync(topic with { Attributes = attributes }, cancellationToken).ConfigureAwait(false);
    }

    // ---- Tags ----

    public IReadOnlyDictionary<string, string> ListTags(string? resourceArn) => RequireTagged(resourceArn).Tags;

    public async Task TagAsync(string? resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var topic = RequireTagged(resourceArn);
        TagRules.Validate(tags);
        var merged = new Dictionary<string, string>(topic.Tags, StringComparer.Ordinal);
        foreach (var (key, value) in tags)
            merged[key] = value;
        if (merged.Count > MaxTags)
            throw new TopicException("TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded");
        await SaveTopicAsync(topic with { Tags = merged }, cancellationToken).ConfigureAwait(false);
    }

    public async Task UntagAsync(string? resourceArn, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var topic = RequireTagged(resourceArn);
        var remaining = new Dictionary<string, string>(topic.Tags, StringComparer.Ordinal);
        foreach (var key in keys)
            remaining.Remove(key);
        await SaveTopicAsync(topic with { Tags = remaining }, cancellationToken).ConfigureAwait(false);
    }

    private Topic RequireTagged(string? resourceArn)
    {
        if (!TopicNames.LooksLikeArn(resourceArn))
            throw TopicErrors.InvalidParameter("ResourceArn");
        lock (_lock)
            return _topics.GetValueOrDefault(resourceArn!) ?? throw TopicErrors.ResourceNotFound();
    }

    private async Task SaveTopicAsync(Topic topic, CancellationToken cancellationToken)
    {
        await _database.WriteAsync(connection =>
        {
            using var update = Command(connection, "UPDATE sns_topics SET attributes = $attributes, tags = $tags WHERE arn = $arn",
                ("$arn", topic.Arn), ("$attributes", TopicJson.WriteMap(topic.Attributes)), ("$tags", TopicJson.WriteMap(topic.Tags)));
            if (update.ExecuteNonQuery() == 0)
                throw TopicErrors.TopicNotFound();
        }, cancellationToken).ConfigureAwait(false);
        lock (_lock)
            _topics[topic.Arn] = topic;
        ConfigurationChanged.Notify();
    }

    private static void ValidateTopicAttribute(string name, string value, bool fifo)
    {
        switch (name)
        {
            case TopicAttributeNames.ContentBasedDeduplication:
                if (!fifo)
                    throw TopicErrors.InvalidParameter("ContentBasedDeduplication Reason: Content based deduplication can only be set for FIFO topics");
                ParseBool(value, name);
                break;
            case TopicAttributeNames.FifoThroughputScope:
                if (!fifo || value is not ("Topic" or "MessageGroup"))
                    throw TopicErrors.InvalidParameter("FifoThroughputScope");
                break;
            case TopicAttributeNames.SignatureVersion:
                if (value is not ("1" or "2"))
                    throw TopicErrors.InvalidParameter("SignatureVersion");
                break;
            case TopicAttributeNames.DisplayName:
                if (value.Length > 100)
                    throw TopicErrors.InvalidParameter("DisplayName");
                break;
            case TopicAttributeNames.Policy:
            case TopicAttributeNames.DeliveryPolicy:
                if (!JsonChecks.IsObject(value))
                    throw TopicErrors.InvalidParameter($"Attributes Reason: {name}: failed to parse JSON.");
                break;
        }
    }

    private static bool ParseBool(string value, string name) =>
        value.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw TopicErrors.InvalidParameter($"Attributes Reason: {name}: Invalid value [{value}]. Must be true or false."),
        };

    private static bool SameTopic(Topic existing, Dictionary<string, string> attributes, IReadOnlyDictionary<string, string> tags) =>
        attributes.All(a => existing.Attributes.TryGetValue(a.Key, out var v) && v == a.Value) &&
        tags.All(t => existing.Tags.TryGetValue(t.Key, out var v) && v == t.Value);

    private string DefaultPolicy(string arn) =>
        "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":\"__default_statement_ID\",\"Effect\":\"Allow\"," +
        "\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"SNS:GetTopicAttributes\",\"SNS:SetTopicAttributes\",\"SNS:AddPermission\"," +
        "\"SNS:RemovePermission\",\"SNS:DeleteTopic\",\"SNS:Subscribe\",\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"]," +
        $"\"Resource\":\"{arn}\",\"Condition\":{{\"StringEquals\":{{\"AWS:SourceOwner\":\"{Options.AccountId}\"}}}}}}]}}";

    /// <summary>A malformed ARN is InvalidParameter; a well-formed one of no topic is NotFound.</summary>
    private string RequireTopicArn(string? topicArn)
    {
        if (string.IsNullOrEmpty(topicArn))
            throw TopicErrors.MissingParameter("TopicArn");
        if (!TopicNames.LooksLikeArn(topicArn))
            throw TopicErrors.InvalidParameter("TopicArn");
        return topicArn;
    }

    internal Topic RequireTopic(string? topicArn)
    {
        var arn = RequireTopicArn(topicArn);
        lock (_lock)
            return _topics.GetValueOrDefault(arn) ?? throw TopicErrors.TopicNotFound();
    }

    private static (IReadOnlyList<string>, string?) Page(List<string> sorted, string? nextToken)
    {
        var start = 0;
        if (!string.IsNullOrEmpty(nextToken))
        {
            var after = PageToken.Decode(nextToken) ?? throw TopicErrors.InvalidParameter("NextToken");
            start = sorted.BinarySearch(after, StringComparer.Ordinal);
            start = start >= 0 ? start + 1 : ~start;
        }
        var page = sorted.Skip(start).Take(PageSize).ToList();
        var more = start + page.Count < sorted.Count;
        return (page, more ? PageToken.Encode(page[^1]) : null);
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void Load()
    {
        _database.Read(connection =>
        {
            using (var topics = Command(connection, "SELECT arn, name, fifo, attributes, tags FROM sns_topics"))
            using (var reader = topics.ExecuteReader())
            {
                while (reader.Read())
                    _topics[reader.GetString(0)] = new Topic(reader.GetString(0), reader.GetString(1), reader.GetInt64(2) == 1,
                        TopicJson.ReadMap(reader.GetString(3)), TopicJson.ReadMap(reader.GetString(4)));
            }

            using var subscriptions = Command(connection,
                "SELECT arn, topic_arn, protocol, endpoint, owner, attributes, confirmed, token, since_seq FROM sns_subscriptions");
            using var rows = subscriptions.ExecuteReader();
            while (rows.Read())
                _subscriptions[rows.GetString(0)] = new Subscription(rows.GetString(0), rows.GetString(1), rows.GetString(2), rows.GetString(3),
                    rows.GetString(4), TopicJson.ReadMap(rows.GetString(5)), rows.GetInt64(6) == 1, rows.IsDBNull(7) ? null : rows.GetString(7),
                    rows.GetInt64(8));
            return true;
        });
    }

    internal static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
