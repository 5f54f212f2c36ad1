using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Emulators.State;

namespace Platform.Emulators.Storage.Engine;

/// <summary>
/// The S3 engine: buckets, objects, multipart uploads and notification configurations in the shared
/// database, bodies as files under generated ids, and the change journal the storage trigger reads.
/// Every object change and its journal entry commit in one write; <see cref="JournalChanged"/> fires
/// right after that commit.
/// </summary>
public sealed partial class StorageEngine : IStorageChangeFeed
{

    private readonly PlatformDatabase _database;
    private readonly DataDirectory _directory;
    private readonly TimeProvider _time;
    private readonly IFunctionDirectory _functions;
    private readonly INotificationDestinations? _destinations;
    private long _latestSequence;

    public StorageEngine(PlatformDatabase database, DataDirectory directory, TimeProvider time, StorageOptions options,
        IFunctionDirectory functions, INotificationDestinations? destinations = null)
    {
        _destinations = destinations;
        _database = database;
        _directory = directory;
        _time = time;
        Options = options;
        _functions = functions;
        _database.EnsureSchema(StorageSchema.Ddl);
        _database.EnsureColumn("s3_journal", "trace_header", "TEXT NULL");
        _latestSequence = _database.Read(connection =>
            Convert.ToInt64(connection.Scalar("SELECT seq FROM sqlite_sequence WHERE name = 's3_journal'") ?? 0L));
        SweepOrphans();
    }

    public StorageOptions Options { get; }

    public ChangeSignal JournalChanged { get; } = new();

    public ChangeSignal NotificationsChanged { get; } = new();

    public long LatestSequence => Interlocked.Read(ref _latestSequence);

    public IReadOnlyList<StorageChange> ReadChanges(long afterSequence, int max) =>
        _database.Read(connection =>
        {
            using var command = connection.Command("""
                SELECT sequence, bucket, key, event_name, size, etag, version_id, event_ms, source_ip, request_id, trace_header
                FROM s3_journal WHERE sequence > $after ORDER BY sequence LIMIT $max
                """, ("$after", afterSequence), ("$max", max));
            using var reader = command.ExecuteReader();
            var changes = new List<StorageChange>();
            while (reader.Read())
            {
                changes.Add(new StorageChange
                {
                    Sequence = reader.GetInt64(0),
                    Bucket = reader.GetString(1),
                    Key = reader.GetString(2),
                    EventName = reader.GetString(3),
                    Size = reader.NullableInt64(4),
                    ETag = reader.NullableString(5),
                    VersionId = reader.NullableString(6),
                    EventTime = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                    SourceIpAddress = reader.GetString(8),
                    RequestId = reader.GetString(9),
                    TraceHeader = reader.NullableString(10),
                });
            }

            return (IReadOnlyList<StorageChange>)changes;
        });

    public Task TrimJournalAsync(long upToSequence, CancellationToken cancellationToken) =>
        _database.WriteAsync(connection => connection.Execute("DELETE FROM s3_journal WHERE sequence <= $upTo", ("$upTo", upToSequence)),
            cancellationToken);

    /// <summary>Appends a journal row inside the caller's write; returns its sequence.</summary>
    private static long AppendJournal(SqliteConnection connection, string bucket, string key, string eventName, long? size, string? etag,
        long eventMs, RequestOrigin origin) =>
        (long)connection.Scalar("""
            INSERT INTO s3_journal (bucket, key, event_name, size, etag, version_id, event_ms, source_ip, request_id, trace_header)
            VALUES ($bucket, $key, $event, $size, $etag, NULL, $ms, $ip, $request, $trace) RETURNING sequence
            """, ("$bucket", bucket), ("$key", key), ("$event", eventName), ("$size", size), ("$etag", etag), ("$ms", eventMs),
            ("$ip", origin.SourceIpAddress), ("$request", origin.RequestId), ("$trace", origin.TraceHeader))!;

    /// <summary>Called after the commit that appended <paramref name="sequence"/>.</summary>
    private void Published(long sequence)
    {
        long seen;
        while ((seen = Interlocked.Read(ref _latestSequence)) < sequence)
        {
            if (Interlocked.CompareExchange(ref _latestSequence, sequence, seen) == seen)
                break;
        }

        JournalChanged.Notify();
    }

    /// <summary>Inside the caller's write: deletes the inline bodies among <paramref name="bodyIds"/>
    /// (they go with the commit) and returns the others, files to delete once it is done.</summary>
    private static List<string> DropInlineBodies(SqliteConnection connection, List<string> bodyIds)
    {
        var files = new List<string>(bodyIds.Count);
        foreach (var id in bodyIds)
        {
            if (connection.Execute("DELETE FROM s3_inline_bodies WHERE body_id = $id", ("$id", id)) == 0)
                files.Add(id);
        }

        return files;
    }

    private void DeleteBodies(IEnumerable<string> bodyIds)
    {
        foreach (var id in bodyIds)
            IncomingBody.TryDelete(_directory.BodyPath(id));
    }

    /// <summary>A crash can leave temp files and bodies whose metadata never committed; nothing can
    /// reference them, so they go.</summary>
    private void SweepOrphans()
    {
        foreach (var file in Directory.EnumerateFiles(_directory.TempPath))
            IncomingBody.TryDelete(file);
        // Small bodies live in the database and never leave orphans (they commit with their row): with
        // no body files there is nothing to compare, and a bucket of a million small objects costs no scan.
        if (!Directory.EnumerateFiles(_directory.BodiesPath).Any())
            return;

        var referenced = _database.Read(connection =>
        {
            using var command = connection.Command("SELECT body_id FROM s3_objects UNION SELECT body_id FROM s3_parts");
            using var reader = command.ExecuteReader();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read())
                ids.Add(reader.GetString(0));
            return ids;
        });
        foreach (var file in Directory.EnumerateFiles(_directory.BodiesPath))
        {
            if (!referenced.Contains(Path.GetFileName(file)))
                IncomingBody.TryDelete(file);
        }
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string ToJson<T>(T value) => JsonSerializer.Serialize(value, typeof(T), StorageJsonContext.Default);

    private static T FromJson<T>(string json) => (T)JsonSerializer.Deserialize(json, typeof(T), StorageJsonContext.Default)!;

    private void ValidateKey(string key)
    {
        if (key.Length == 0)
            throw StorageErrors.InvalidArgument("A key must not be empty.", "Key", key);
        var bytes = Encoding.UTF8.GetByteCount(key);
        if (bytes > Options.MaxKeyBytes)
            throw StorageErrors.KeyTooLong(bytes, Options.MaxKeyBytes);
    }

    private void ValidateMetadata(ObjectMetadata metadata)
    {
        var size = metadata.UserMetadata.Sum(p => Encoding.UTF8.GetByteCount(p.Key) + Encoding.UTF8.GetByteCount(p.Value));
        if (size > Options.MaxUserMetadataBytes)
            throw StorageErrors.MetadataTooLarge(size, Options.MaxUserMetadataBytes);
    }
}
