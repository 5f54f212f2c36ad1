using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Streams.Engine;

public sealed partial class StreamEngine
{
    private const int DefaultRetentionHours = 24;
    private const int MaxRetentionHours = 8760;
    private const int MaxTags = 50;

    /// <summary>CreateStream: PROVISIONED with <paramref name="shardCount"/> shards, or ON_DEMAND
    /// (<see cref="StreamEngineOptions.OnDemandShardCount"/> shards). The stream is ACTIVE at once.</summary>
    public async Task<StreamDetails> CreateStreamAsync(string streamName, int? shardCount, string? mode = null,
        IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ValidateStreamName(streamName);
        mode ??= shardCount is null ? OnDemandMode : ProvisionedMode;
        if (mode is not (ProvisionedMode or OnDemandMode))
            throw StreamErrors.Validation(mode, "streamModeDetails.streamMode", "Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]");
        if (mode == ProvisionedMode && shardCount is null)
            throw StreamErrors.InvalidArgument("ShardCount is required for a PROVISIONED stream.");
        if (mode == OnDemandMode && shardCount is not null)
            throw StreamErrors.InvalidArgument("ShardCount must not be given for an ON_DEMAND stream.");
        var count = shardCount ?? Options.OnDemandShardCount;
        if (count < 1)
            throw StreamErrors.Validation(count.ToString(CultureInfo.InvariantCulture), "shardCount", "Member must have value greater than or equal to 1");
        if (count > Options.MaxShardsPerStream)
            throw StreamErrors.LimitExceeded(
                $"This request would exceed the shard limit for the account {Options.AccountId} in {Options.Region}. Current limit of shards is {Options.MaxShardsPerStream}.");
        if (tags is not null)
            ValidateTags(tags, tags.Count);

        var now = NowMs;
        var starts = HashKeys.EvenStarts(count);
        try
        {
            await _database.WriteAsync(connection =>
            {
                if (_streams.ContainsKey(streamName))
                    throw StreamErrors.InUse(streamName, Options.AccountId);
                var insert = _commands.Get(connection, """
                    INSERT INTO kinesis_streams (name, mode, retention_hours, created_ms, tags, next_shard_index)
                    VALUES ($name, $mode, $retention, $now, $tags, $next) RETURNING id
                    """);
                insert.Set("$name", streamName);
                insert.Set("$mode", mode);
                insert.Set("$retention", DefaultRetentionHours);
                insert.Set("$now", now);
                insert.Set("$tags", JsonSerializer.Serialize(new Dictionary<string, string>(tags ?? ImmutableDictionary<string, string>.Empty),
                    StreamJsonContext.Default.DictionaryStringString));
                insert.Set("$next", count);
                var id = (long)insert.ExecuteScalar()!;
                var position = CurrentPosition(connection);
                var shards = ImmutableArray.CreateBuilder<ShardState>(count);
                for (var i = 0; i < count; i++)
                {
                    var end = i + 1 < count ? starts[i + 1] - 1 : UInt128.MaxValue;
                    var shard = new ShardState(i, null, null, starts[i], end, position, null, now, null);
                    InsertShard(connection, id, shard);
                    shards.Add(shard);
                }

                _streams[streamName] = new StreamState(id, streamName, StreamArn(streamName), mode, DefaultRetentionHours, now,
                    (tags ?? ImmutableDictionary<string, string>.Empty).ToImmutableSortedDictionary(StringComparer.Ordinal),
                    shards.MoveToImmutable(), count);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            ReloadAll();
            throw;
        }

        Notify(streamName);
        return ToDetails(GetStream(streamName));
    }

    /// <summary>DeleteStream: the stream, its shards and records go at once.</summary>
    public async Task DeleteStreamAsync(string streamNameOrArn, CancellationToken cancellationToken = default)
    {
        var stream = GetStream(streamNameOrArn);
        await MutateAsync(stream, connection =>
        {
            var delete = _commands.Get(connection, "DELETE FROM kinesis_streams WHERE id = $id");
            delete.Set("$id", stream.Id);
            delete.ExecuteNonQuery();
            _streams.TryRemove(stream.Name, out _);
        }, cancellationToken).ConfigureAwait(false);
        // Waiting consumers wake, find the stream gone and stop.
        Notify(stream.Name);
    }

    public StreamDetails DescribeStream(string streamNameOrArn) => ToDetails(GetStream(streamNameOrArn));

    /// <summary>ListStreams: streams in name order after <paramref name="exclusiveStartStreamName"/>.</summary>
    public StreamList ListStreams(string? exclusiveStartStreamName, int limit)
    {
        var names = _streams.Keys
            .Where(n => exclusiveStartStreamName is null || string.CompareOrdinal(n, exclusiveStartStreamName) > 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        var page = names.Take(limit).Select(n => _streams.TryGetValue(n, out var s) ? ToDetails(s) : null)
            .OfType<StreamDetails>().ToList();
        return new StreamList(page, names.Count > limit);
    }

    public bool StreamExists(string streamNameOrArn) => NameOf(streamNameOrArn) is { } name && _streams.ContainsKey(name);

    public async Task IncreaseRetentionPeriodAsync(string streamNameOrArn, int hours, CancellationToken cancellationToken = default)
    {
        var stream = GetStream(streamNameOrArn);
        CheckRetentionRange(hours);
        if (hours < stream.RetentionHours)
            throw StreamErrors.InvalidArgument(
                $"Requested retention period ({hours} hours) for stream {stream.Name} can not be shorter than existing retention period ({stream.RetentionHours} hours). Use DecreaseRetentionPeriod API.");
        await SetRetentionAsync(stream, hours, cancellationToken).ConfigureAwait(false);
    }

    public async Task DecreaseRetentionPeriodAsync(string streamNameOrArn, int hours, CancellationToken cancellationToken = default)
    {
        var stream = GetStream(streamNameOrArn);
        CheckRetentionRange(hours);
        if (hours > stream.RetentionHours)
            throw StreamErrors.InvalidArgument(
                $"Requested retention period ({hours} hours) for stream {stream.Name} can not be longer than existing retention period ({stream.RetentionHours} hours). Use IncreaseRetentionPeriod API.");
        await SetRetentionAsync(stream, hours, cancellationToken).ConfigureAwait(false);
        await TrimExpiredAsync(stream.Name, cancellationToken).ConfigureAwait(false);
    }

    public IReadOnlyDictionary<string, string> ListTags(string streamNameOrArn) => GetStream(streamNameOrArn).Tags;

    public async Task AddTagsAsync(string streamNameOrArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var stream = GetStream(streamNameOrArn);
        ValidateTags(tags, stream.Tags.SetItems(tags).Count);
        await UpdateTagsAsync(stream, current => current.SetItems(tags), cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveTagsAsync(string streamNameOrArn, IReadOnlyCollection<string> tagKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tagKeys);
        var stream = GetStream(streamNameOrArn);
        await UpdateTagsAsync(stream, current => current.RemoveRange(tagKeys), cancellationToken).ConfigureAwait(false);
    }

    private async Task UpdateTagsAsync(StreamState stream, Func<ImmutableSortedDictionary<string, string>, ImmutableSortedDictionary<string, string>> change,
        CancellationToken cancellationToken)
    {
        await MutateAsync(stream, connection =>
        {
            var current = Current(stream);
            var tags = change(current.Tags);
            var update = _commands.Get(connection, "UPDATE kinesis_streams SET tags = $tags WHERE id = $id");
            update.Set("$tags", JsonSerializer.Serialize(new Dictionary<string, string>(tags), StreamJsonContext.Default.DictionaryStringString));
            update.Set("$id", stream.Id);
            update.ExecuteNonQuery();
            _streams[stream.Name] = current with { Tags = tags };
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task SetRetentionAsync(StreamState stream, int hours, CancellationToken cancellationToken)
    {
        await MutateAsync(stream, connection =>
        {
            var current = Current(stream);
            var update = _commands.Get(connection, "UPDATE kinesis_streams SET retention_hours = $hours WHERE id = $id");
            update.Set("$hours", hours);
            update.Set("$id", stream.Id);
            update.ExecuteNonQuery();
            _streams[stream.Name] = current with { RetentionHours = hours };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a change of one stream on the writer thread; the change swaps the cached state
    /// after its SQL succeeded. If the commit itself fails the cache is re-read from the database.</summary>
    private async Task MutateAsync(StreamState stream, Action<SqliteConnection> change, CancellationToken cancellationToken)
    {
        try
        {
            await _database.WriteAsync(connection =>
            {
                Current(stream);
                change(connection);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            ReloadAll();
            throw;
        }
    }

    /// <summary>On the writer thread: the stream's state now, or ResourceNotFoundException when it
    /// was deleted (or deleted and re-created) since the caller looked it up.</summary>
    private StreamState Current(StreamState stream) =>
        _streams.TryGetValue(stream.Name, out var current) && current.Id == stream.Id
            ? current
            : throw StreamErrors.NotFound(stream.Name, Options.AccountId);

    private void ReloadAll()
    {
        var streams = _database.Read(connection => LoadStreams(connection, null));
        _streams.Clear();
        foreach (var stream in streams)
            _streams[stream.Name] = stream;
    }

    private void InsertShard(SqliteConnection connection, long streamId, ShardState shard)
    {
        var insert = _commands.Get(connection, """
            INSERT INTO kinesis_shards (stream_id, shard_index, parent_index, adjacent_parent_index, starting_hash, ending_hash,
                                        starting_position, ending_position, created_ms, closed_ms)
            VALUES ($stream, $index, $parent, $adjacent, $start, $end, $startPosition, NULL, $now, NULL)
            """);
        insert.Set("$stream", streamId);
        insert.Set("$index", shard.Index);
        insert.Set("$parent", shard.ParentIndex);
        insert.Set("$adjacent", shard.AdjacentParentIndex);
        insert.Set("$start", HashKeys.Format(shard.StartingHashKey));
        insert.Set("$end", HashKeys.Format(shard.EndingHashKey));
        insert.Set("$startPosition", shard.StartingPosition);
        insert.Set("$now", shard.CreatedMs);
        insert.ExecuteNonQuery();
    }

    /// <summary>The newest record position ever assigned (0 before the first record): the single
    /// writer makes it exact inside a write unit.</summary>
    private long CurrentPosition(SqliteConnection connection)
    {
        var select = _commands.Get(connection, "SELECT seq FROM sqlite_sequence WHERE name = 'kinesis_records'");
        return select.ExecuteScalar() is long position ? position : 0;
    }

    private static void ValidateStreamName(string? name)
    {
        if (name is null || name.Length is 0 or > 128)
            throw StreamErrors.Validation(name ?? "null", "streamName", "Member must have length between 1 and 128");
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            throw StreamErrors.Validation(name, "streamName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }

    private static void CheckRetentionRange(int hours)
    {
        if (hours < DefaultRetentionHours)
            throw StreamErrors.InvalidArgument($"Minimum allowed retention period is {DefaultRetentionHours} hours. Requested retention period ({hours} hours) is too short.");
        if (hours > MaxRetentionHours)
            throw StreamErrors.InvalidArgument($"Maximum allowed retention period is {MaxRetentionHours} hours. Requested retention period ({hours} hours) is too long.");
    }

    private static void ValidateTags(IReadOnlyDictionary<string, string> tags, int resultingCount)
    {
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128)
                throw StreamErrors.Validation(key, "tags.key", "Member must have length between 1 and 128");
            if (value is null || value.Length > 256)
                throw StreamErrors.Validation(value ?? "null", "tags.value", "Member must have length less than or equal to 256");
        }

        if (resultingCount > MaxTags)
            throw StreamErrors.InvalidArgument($"Failed to add tags to stream. A stream can have at most {MaxTags} tags.");
    }
}
