using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Emulators.State;

namespace Platform.Emulators.Queues.Engine;

/// <summary>
/// Durable SQS-semantics queues in the platform database: visibility timeouts, receive counts,
/// delays, retention, redrive to a dead-letter queue, FIFO groups and deduplication. Used by the
/// SQS API and by the platform itself (each function's async-invocation queue, on-failure
/// destinations). Receives wake on a send or on the next visibility expiry — never on a polling
/// interval.
/// <para>
/// Queues are addressed by name, queue URL or ARN. <b>Internal queues</b> (see
/// <see cref="InternalQueueName"/>) are the platform's own: created only with
/// <see cref="CreateInternalQueueAsync"/>, addressed only by their exact name, never listed, and
/// never reached through a URL or ARN — so the SQS API, which resolves what clients send with
/// <see cref="ResolveQueueName"/>, cannot see or touch them.
/// </para>
/// <para>Errors are <see cref="QueueException"/>s carrying SQS's codes; an unknown queue is
/// <c>AWS.SimpleQueueService.NonExistentQueue</c>.</para>
/// </summary>
public sealed partial class QueueEngine
{
    private const int MaxTags = 50;
    private const int MaxListResults = 1000;
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromSeconds(60);
    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();

    private readonly PlatformDatabase _database;
    private readonly TimeProvider _time;
    private readonly WriterCommands _commands = new();

    // The cache is authoritative for lookups: every change goes through this engine, and
    // Refresh re-reads the committed row under a lock so the last writer always wins.
    private readonly ConcurrentDictionary<string, QueueInfo> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, ChangeSignal> _signals = new();
    private readonly ConcurrentDictionary<long, long> _lastPurgeMs = new();
    private readonly Lock _refreshLock = new();

    public QueueEngine(PlatformDatabase database, TimeProvider time, QueueEngineOptions options)
    {
        _database = database;
        _time = time;
        Options = options;
        database.EnsureSchema(QueueSchema.Ddl);
        database.EnsureColumn("sqs_messages", "trace_header", "TEXT NULL");
        foreach (var queue in database.Read(connection => LoadQueues(connection, null)))
            _queues[queue.Name] = queue;
    }

    public QueueEngineOptions Options { get; }

    /// <summary>The name of the platform's internal queue for <paramref name="purpose"/>
    /// (<c>platform:{purpose}</c>; ':' cannot appear in SQS names). Purposes are letters, digits,
    /// '-', '_', '.' and ':'; end one with <c>.fifo</c> for an internal FIFO queue.</summary>
    public static string InternalQueueName(string purpose) => QueueNames.Internal(purpose);

    public static bool IsInternalQueueName(string name) => QueueNames.IsInternal(name);

    /// <summary>Whether a queue exists (by name, URL or ARN; internal queues by exact name).</summary>
    public bool QueueExists(string name) => TryGetQueue(name) is not null;

    /// <summary>SQS GetQueueUrl: the URL of a public queue by name.</summary>
    public string GetQueueUrl(string queueName)
    {
        if (QueueNames.IsInternal(queueName))
            throw QueueErrors.NonExistentQueue();
        return QueueNames.Url(Options, GetQueue(queueName).Name);
    }

    public string GetQueueArn(string queue) => QueueNames.Arn(Options, GetQueue(queue).Name);

    /// <summary>For the SQS API: the name of the public queue a client's QueueUrl (or name, or ARN)
    /// refers to; NonExistentQueue for unknown and internal queues.</summary>
    public string ResolveQueueName(string queueUrlOrNameOrArn)
    {
        var name = QueueNames.FromReference(queueUrlOrNameOrArn);
        if (name is null || QueueNames.IsInternal(name) || !_queues.TryGetValue(name, out var queue))
            throw QueueErrors.NonExistentQueue();
        return queue.Name;
    }

    /// <summary>SQS CreateQueue: creates a public queue and returns its URL. Idempotent when every
    /// attribute given matches the existing queue; QueueAlreadyExists otherwise. Attributes use
    /// SQS's names; <c>FifoQueue=true</c> with a name ending in <c>.fifo</c> makes a FIFO queue.</summary>
    public async Task<string> CreateQueueAsync(string name, IReadOnlyDictionary<string, string>? attributes = null,
        IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var fifo = QueueAttributeRules.IsFifoRequest(attributes);
        QueueNames.ValidatePublic(name, fifo);
        var queue = await CreateCoreAsync(name, attributes, tags, fifo, cancellationToken).ConfigureAwait(false);
        return QueueNames.Url(Options, queue.Name);
    }

    /// <summary>Creates (idempotently, like CreateQueue) one of the platform's internal queues and
    /// returns its name, <see cref="InternalQueueName"/>(<paramref name="purpose"/>). Its
    /// RedrivePolicy may target public or internal queues.</summary>
    public async Task<string> CreateInternalQueueAsync(string purpose, IReadOnlyDictionary<string, string>? attributes = null,
        CancellationToken cancellationToken = default)
    {
        var name = QueueNames.Internal(purpose);
        var fifo = QueueAttributeRules.IsFifoRequest(attributes);
        if (fifo != QueueNames.IsFifoName(name))
            throw QueueErrors.InvalidParameterValue("A FIFO queue's name ends with .fifo, and only a FIFO queue's does.");
        var queue = await CreateCoreAsync(name, attributes, null, fifo, cancellationToken).ConfigureAwait(false);
        return queue.Name;
    }

    public async Task DeleteQueueAsync(string queue, CancellationToken cancellationToken = default)
    {
        var info = GetQueue(queue);
        await _database.WriteAsync(connection =>
        {
            // Messages and deduplication entries go with it (ON DELETE CASCADE).
            var delete = _commands.Get(connection, "DELETE FROM sqs_queues WHERE id = $id");
            delete.Set("$id", info.Id);
            delete.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        Refresh(info.Name);
        _lastPurgeMs.TryRemove(info.Id, out _);
        // Waiting receives wake, find the queue gone and return empty.
        if (_signals.TryRemove(info.Id, out var signal))
            signal.Notify();
    }

    /// <summary>SQS ListQueues: URLs of public queues, by name. Without <paramref name="maxResults"/>
    /// at most 1000 and no token, as in SQS.</summary>
    public QueueList ListQueues(string? prefix = null, int? maxResults = null, string? nextToken = null) =>
        Page(_queues.Values.Where(q => !q.IsInternal && (prefix is null || q.Name.StartsWith(prefix, StringComparison.Ordinal))),
            maxResults, nextToken);

    /// <summary>SQS ListDeadLetterSourceQueues: public queues whose RedrivePolicy targets this queue.</summary>
    public QueueList ListDeadLetterSourceQueues(string queue, int? maxResults = null, string? nextToken = null)
    {
        var target = GetQueue(queue);
        return Page(_queues.Values.Where(q => !q.IsInternal && q.Settings.Redrive is { } redrive &&
                                              FindByArn(redrive.DeadLetterTargetArn, allowInternal: true)?.Id == target.Id),
            maxResults, nextToken);
    }

    /// <summary>SQS GetQueueAttributes. <paramref name="attributeNames"/> null means All; unknown
    /// names are InvalidAttributeName.</summary>
    public IReadOnlyDictionary<string, string> GetQueueAttributes(string queue, IEnumerable<string>? attributeNames = null)
    {
        var info = GetQueue(queue);
        var wanted = attributeNames?.ToHashSet(StringComparer.Ordinal) ?? [QueueAttributeNames.All];
        foreach (var name in wanted)
        {
            if (name != QueueAttributeNames.All && !QueueAttributeRules.Known.Contains(name))
                throw QueueErrors.InvalidAttributeName(name);
        }

        var all = wanted.Contains(QueueAttributeNames.All);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in QueueAttributeRules.Effective(info.Attributes, info.Settings.Fifo))
        {
            if (all || wanted.Contains(name))
                result[name] = value;
        }

        void Add(string name, Func<string> value)
        {
            if (all || wanted.Contains(name))
                result[name] = value();
        }

        Add(QueueAttributeNames.QueueArn, () => QueueNames.Arn(Options, info.Name));
        Add(QueueAttributeNames.CreatedTimestamp, () => (info.CreatedMs / 1000).ToString(CultureInfo.InvariantCulture));
        Add(QueueAttributeNames.LastModifiedTimestamp, () => (info.ModifiedMs / 1000).ToString(CultureInfo.InvariantCulture));
        if (all || wanted.Overlaps([QueueAttributeNames.ApproximateNumberOfMessages,
                QueueAttributeNames.ApproximateNumberOfMessagesNotVisible, QueueAttributeNames.ApproximateNumberOfMessagesDelayed]))
        {
            var (visible, inFlight, delayed) = CountMessages(info);
            Add(QueueAttributeNames.ApproximateNumberOfMessages, () => visible.ToString(CultureInfo.InvariantCulture));
            Add(QueueAttributeNames.ApproximateNumberOfMessagesNotVisible, () => inFlight.ToString(CultureInfo.InvariantCulture));
            Add(QueueAttributeNames.ApproximateNumberOfMessagesDelayed, () => delayed.ToString(CultureInfo.InvariantCulture));
        }

        return result;
    }

    /// <summary>SQS SetQueueAttributes. An empty RedrivePolicy or RedriveAllowPolicy removes it.</summary>
    public async Task SetQueueAttributesAsync(string queue, IReadOnlyDictionary<string, string> attributes,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var info = GetQueue(queue);
        var changes = QueueAttributeRules.Normalize(attributes, info.Settings.Fifo, creating: false,
            QueueNames.Arn(Options, info.Name), arn => FindByArn(arn, info.IsInternal));
        await _database.WriteAsync(connection => UpdateQueueJson(connection, info.Id, "attributes", stored =>
        {
            foreach (var (name, value) in changes)
            {
                if (value.Length == 0)
                    stored.Remove(name);
                else
                    stored[name] = value;
            }
        }), cancellationToken).ConfigureAwait(false);
        Refresh(info.Name);
        // Visibility, delay or retention changes move the instant a waiting receive should wake.
        Signal(info.Id).Notify();
    }

    /// <summary>SQS PurgeQueue: deletes every message; at most once per 60 seconds per queue.</summary>
    public async Task PurgeQueueAsync(string queue, CancellationToken cancellationToken = default)
    {
        var info = GetQueue(queue);
        var now = NowMs;
        var last = _lastPurgeMs.GetOrAdd(info.Id, long.MinValue);
        if (last != long.MinValue && now - last < (long)PurgeInterval.TotalMilliseconds)
            throw QueueErrors.PurgeQueueInProgress(QueueNames.Url(Options, info.Name));
        _lastPurgeMs[info.Id] = now;
        await _database.WriteAsync(connection =>
        {
            var purge = _commands.Get(connection, "DELETE FROM sqs_messages WHERE queue_id = $q");
            purge.Set("$q", info.Id);
            purge.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        Signal(info.Id).Notify();
    }

    public IReadOnlyDictionary<string, string> ListQueueTags(string queue) => GetQueue(queue).Tags;

    /// <summary>SQS TagQueue: adds or replaces tags (at most 50 per queue).</summary>
    public async Task TagQueueAsync(string queue, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var info = GetQueue(queue);
        ValidateTags(tags);
        await _database.WriteAsync(connection => UpdateQueueJson(connection, info.Id, "tags", stored =>
        {
            foreach (var (key, value) in tags)
                stored[key] = value;
            if (stored.Count > MaxTags)
                throw QueueErrors.InvalidParameterValue($"Too many tags added for queue {info.Name}.");
        }), cancellationToken).ConfigureAwait(false);
        Refresh(info.Name);
    }

    public async Task UntagQueueAsync(string queue, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tagKeys);
        var info = GetQueue(queue);
        var keys = tagKeys.ToList();
        await _database.WriteAsync(connection => UpdateQueueJson(connection, info.Id, "tags", stored =>
        {
            foreach (var key in keys)
                stored.Remove(key);
        }), cancellationToken).ConfigureAwait(false);
        Refresh(info.Name);
    }

    private async Task<QueueInfo> CreateCoreAsync(string name, IReadOnlyDictionary<string, string>? attributes,
        IReadOnlyDictionary<string, string>? tags, bool fifo, CancellationToken cancellationToken)
    {
        var requested = QueueAttributeRules.Normalize(attributes ?? NoAttributes, fifo, creating: true,
            QueueNames.Arn(Options, name), arn => FindByArn(arn, QueueNames.IsInternal(name)));
        if (!fifo)
            requested.Remove(QueueAttributeNames.FifoQueue);
        if (tags is not null)
            ValidateTags(tags);
        if (tags?.Count > MaxTags)
            throw QueueErrors.InvalidParameterValue($"Too many tags added for queue {name}.");

        if (_queues.TryGetValue(name, out var existing))
        {
            QueueAttributeRules.EnsureSame(requested, existing.Attributes, existing.Settings.Fifo);
            return existing;
        }

        var stored = requested.Where(a => a.Value.Length > 0).ToDictionary(StringComparer.Ordinal);
        var now = NowMs;
        await _database.WriteAsync(connection =>
        {
            // A concurrent CreateQueue may have won: the writer thread serializes us, so look again.
            var find = _commands.Get(connection, "SELECT attributes FROM sqs_queues WHERE name = $name");
            find.Set("$name", name);
            if (find.ExecuteScalar() is string json)
            {
                var current = ParseMap(json);
                QueueAttributeRules.EnsureSame(requested, current, QueueAttributeRules.IsFifoRequest(current));
                return;
            }

            var insert = _commands.Get(connection, """
                INSERT INTO sqs_queues (name, attributes, tags, created_ms, modified_ms)
                VALUES ($name, $attributes, $tags, $now, $now)
                """);
            insert.Set("$name", name);
            insert.Set("$attributes", JsonSerializer.Serialize(stored));
            insert.Set("$tags", JsonSerializer.Serialize(tags ?? NoAttributes));
            insert.Set("$now", now);
            insert.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        return Refresh(name) ?? throw QueueErrors.NonExistentQueue();
    }

    private void UpdateQueueJson(SqliteConnection connection, long queueId, string column, Action<Dictionary<string, string>> change)
    {
        // Read-modify-write inside the write unit, so concurrent updates never lose each other's changes.
        var read = _commands.Get(connection, $"SELECT {column} FROM sqs_queues WHERE id = $id");
        read.Set("$id", queueId);
        var stored = read.ExecuteScalar() is string json ? ParseMap(json) : throw QueueErrors.NonExistentQueue();
        change(stored);
        // Tagging is not an attribute change: LastModifiedTimestamp stays.
        var write = _commands.Get(connection, column == "attributes"
            ? "UPDATE sqs_queues SET attributes = $value, modified_ms = $now WHERE id = $id"
            : $"UPDATE sqs_queues SET {column} = $value WHERE id = $id");
        write.Set("$value", JsonSerializer.Serialize(stored));
        write.Set("$now", NowMs);
        write.Set("$id", queueId);
        write.ExecuteNonQuery();
    }

    private (long Visible, long InFlight, long Delayed) CountMessages(QueueInfo queue)
    {
        var now = NowMs;
        return _database.Read(connection =>
        {
            using var count = connection.CreateCommand();
            count.CommandText = """
                SELECT
                    COALESCE(SUM(visible_ms <= $now), 0),
                    COALESCE(SUM(visible_ms > $now AND receive_count > 0), 0),
                    COALESCE(SUM(visible_ms > $now AND receive_count = 0), 0)
                FROM sqs_messages WHERE queue_id = $q AND enqueued_ms > $expired
                """;
            count.Set("$now", now);
            count.Set("$q", queue.Id);
            count.Set("$expired", ExpiredBefore(queue, now));
            using var reader = count.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        });
    }

    private QueueList Page(IEnumerable<QueueInfo> queues, int? maxResults, string? nextToken)
    {
        if (maxResults is < 1 or > MaxListResults)
            throw QueueErrors.InvalidParameter("MaxResults", maxResults.Value.ToString(CultureInfo.InvariantCulture),
                "MaxResults must be an integer between 1 and 1000.");
        var after = nextToken is null ? null : DecodeToken(nextToken);
        var names = queues.Select(q => q.Name)
            .Where(n => after is null || string.CompareOrdinal(n, after) > 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        var limit = maxResults ?? MaxListResults;
        var page = names.Take(limit).ToList();
        var token = maxResults is not null && names.Count > limit
            ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page[^1]))
            : null;
        return new QueueList(page.Select(n => QueueNames.Url(Options, n)).ToList(), token);
    }

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw QueueErrors.InvalidNextToken();
        }
    }

    private static void ValidateTags(IReadOnlyDictionary<string, string> tags)
    {
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || value is null || value.Length > 256)
                throw QueueErrors.InvalidParameterValue("Tag keys are 1 to 128 characters and tag values at most 256.");
        }
    }

    private QueueInfo GetQueue(string reference) => TryGetQueue(reference) ?? throw QueueErrors.NonExistentQueue();

    private QueueInfo? TryGetQueue(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (_queues.TryGetValue(reference, out var queue))
            return queue;
        var name = QueueNames.FromReference(reference);
        return name is not null && name != reference && _queues.TryGetValue(name, out queue) ? queue : null;
    }

    /// <summary>A dead-letter target by ARN; internal targets only where the caller is internal.</summary>
    private QueueInfo? FindByArn(string arn, bool allowInternal)
    {
        var parts = arn.Split(':', 6);
        if (parts is not ["arn", _, "sqs", _, _, { Length: > 0 } name] || (QueueNames.IsInternal(name) && !allowInternal))
            return null;
        return _queues.GetValueOrDefault(name);
    }

    private QueueInfo? Refresh(string name)
    {
        lock (_refreshLock)
        {
            var queue = _database.Read(connection => LoadQueues(connection, name)).SingleOrDefault();
            if (queue is null)
                _queues.TryRemove(name, out _);
            else
                _queues[name] = queue;
            return queue;
        }
    }

    private static List<QueueInfo> LoadQueues(SqliteConnection connection, string? name)
    {
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, name, attributes, tags, created_ms, modified_ms FROM sqs_queues" +
                             (name is null ? "" : " WHERE name = $name");
        if (name is not null)
            select.Set("$name", name);
        using var reader = select.ExecuteReader();
        var queues = new List<QueueInfo>();
        while (reader.Read())
        {
            var attributes = ParseMap(reader.GetString(2));
            queues.Add(new QueueInfo(reader.GetInt64(0), reader.GetString(1), attributes, QueueSettings.From(attributes),
                ParseMap(reader.GetString(3)), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return queues;
    }

    private static Dictionary<string, string> ParseMap(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [], StringComparer.Ordinal);

    private ChangeSignal Signal(long queueId) => _signals.GetOrAdd(queueId, static _ => new ChangeSignal());

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Messages enqueued at or before this instant have outlived the queue's retention.</summary>
    private static long ExpiredBefore(QueueInfo queue, long nowMs) => nowMs - queue.Settings.MessageRetentionPeriod * 1000L;

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
