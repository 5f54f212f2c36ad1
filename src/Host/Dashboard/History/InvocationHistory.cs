using System.Text;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Dispatch;
using Platform.Emulators.State;
using Platform.Triggers.Dispatch;

namespace Platform.Host.Dashboard.History;

/// <summary>
/// The invocation history in the platform database: every entry of the <see cref="InvocationLog"/>
/// (payload, response, logs, attempt, source, cold/warm, duration, outcome, error type), kept across
/// restarts and bounded by count and age. Entries are written behind the invocation — gathered from a
/// channel and stored in one group commit per burst — so recording never slows an invocation down;
/// <see cref="Recorded"/> fires after each commit, which is what live views and waiting scripts watch.
/// </summary>
internal sealed partial class InvocationHistory : BackgroundService
{
    private const string Columns = "id, request_id, function, source, attempt, outcome, started_ms, duration_ms, error_type, error, worker, logs";
    private readonly PlatformDatabase _database;
    private readonly InvocationLog _log;
    private readonly InvocationHistoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InvocationHistory> _logger;
    private readonly Channel<InvocationLogEntry> _pending = Channel.CreateUnbounded<InvocationLogEntry>(new UnboundedChannelOptions { SingleReader = true });
    private long _sinceTrim;

    public InvocationHistory(PlatformDatabase database, InvocationLog log, InvocationHistoryOptions options, TimeProvider time,
        ILogger<InvocationHistory> logger)
    {
        _database = database;
        _log = log;
        _options = options;
        _time = time;
        _logger = logger;
        database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS invocation_history (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                request_id  TEXT NOT NULL,
                function    TEXT NOT NULL,
                source      TEXT NOT NULL,
                attempt     INTEGER NOT NULL,
                outcome     TEXT NOT NULL,
                started_ms  INTEGER NOT NULL,
                duration_ms REAL NOT NULL,
                error_type  TEXT NULL,
                error       TEXT NULL,
                worker      TEXT NULL,
                logs        TEXT NULL,
                payload     TEXT NULL,
                response    TEXT NULL
            );
            CREATE INDEX IF NOT EXISTS invocation_history_by_function ON invocation_history (function, id);
            CREATE INDEX IF NOT EXISTS invocation_history_by_request ON invocation_history (request_id);
            CREATE INDEX IF NOT EXISTS invocation_history_by_time ON invocation_history (started_ms);
            """);
        LatestId = database.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM invocation_history";
            return (long)command.ExecuteScalar()!;
        });
        _log.Added += Enqueue;
    }

    /// <summary>Fires after each commit of new entries.</summary>
    public ChangeSignal Recorded { get; } = new();

    /// <summary>The id of the newest stored invocation (0 when there is none).</summary>
    public long LatestId { get; private set; }

    private void Enqueue(InvocationLogEntry entry) => _pending.Writer.TryWrite(entry);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<InvocationLogEntry>();
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
                await WriteBatchAsync(batch, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // What finished before the stop is still stored.
            await WriteBatchAsync(batch, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task WriteBatchAsync(List<InvocationLogEntry> batch, CancellationToken cancellationToken)
    {
        batch.Clear();
        while (batch.Count < 1000 && _pending.Reader.TryRead(out var entry))
            batch.Add(entry);
        if (batch.Count == 0)
            return;
        _sinceTrim += batch.Count;
        var trim = _sinceTrim >= _options.TrimEvery;
        if (trim)
            _sinceTrim = 0;
        try
        {
            LatestId = await _database.WriteAsync(connection => Insert(connection, batch, trim), cancellationToken).ConfigureAwait(false);
            Recorded.Notify();
        }
        catch (Exception exception) when (exception is SqliteException or DiskFullException or ObjectDisposedException)
        {
            // The history is a view of what ran, not an acknowledgement: losing a row is logged, never fatal.
            LogNotStored(_logger, batch.Count, exception.Message);
        }
    }

    private long Insert(SqliteConnection connection, List<InvocationLogEntry> batch, bool trim)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO invocation_history (request_id, function, source, attempt, outcome, started_ms, duration_ms, error_type, error, worker, logs, payload, response)
            VALUES ($request, $function, $source, $attempt, $outcome, $started, $duration, $errorType, $error, $worker, $logs, $payload, $response)
            """;
        var parameters = new[] { "$request", "$function", "$source", "$attempt", "$outcome", "$started", "$duration", "$errorType", "$error", "$worker", "$logs", "$payload", "$response" }
            .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        foreach (var entry in batch)
        {
            object?[] values =
            [
                entry.RequestId, entry.Function, entry.Trigger, entry.Attempt, entry.Outcome.ToString(), entry.StartedAt.ToUnixTimeMilliseconds(),
                entry.DurationMs, entry.ErrorType, entry.Error, entry.Worker, Cut(entry.Logs), Cut(entry.Payload), Cut(entry.Response),
            ];
            for (var i = 0; i < values.Length; i++)
                parameters[i].Value = values[i] ?? DBNull.Value;
            insert.ExecuteNonQuery();
        }

        if (trim)
        {
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM invocation_history WHERE id <= (SELECT MAX(id) FROM invocation_history) - $max OR started_ms < $oldest";
            delete.Parameters.AddWithValue("$max", _options.MaxCount);
            delete.Parameters.AddWithValue("$oldest", (_time.GetUtcNow() - _options.MaxAge).ToUnixTimeMilliseconds());
            delete.ExecuteNonQuery();
        }

        using var last = connection.CreateCommand();
        last.CommandText = "SELECT last_insert_rowid()";
        return (long)last.ExecuteScalar()!;
    }

    private string? Cut(string? text) =>
        text is null || text.Length <= _options.MaxTextBytes ? text : text[.._options.MaxTextBytes] + "…[cut]";

    /// <summary>Newest first, without payloads and responses (a list does not need them).</summary>
    public IReadOnlyList<InvocationRecord> Query(InvocationQuery query) => _database.Read(connection =>
    {
        var sql = new StringBuilder($"SELECT {Columns}, NULL, NULL FROM invocation_history WHERE 1 = 1");
        using var command = connection.CreateCommand();
        void Filter(string clause, string name, object? value)
        {
            if (value is null)
                return;
            sql.Append(" AND ").Append(clause);
            command.Parameters.AddWithValue(name, value);
        }

        Filter("function = $function", "$function", query.Function);
        Filter("outcome = $outcome COLLATE NOCASE", "$outcome", query.Outcome);
        Filter("substr(source, 1, length($source)) = $source", "$source", query.Source);
        Filter("request_id = $request", "$request", query.RequestId);
        Filter("id < $before", "$before", query.BeforeId);
        Filter("id > $after", "$after", query.AfterId);
        sql.Append(" ORDER BY id DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 0, _options.MaxCount));
        command.CommandText = sql.ToString();
        return ReadAll(command);
    });

    /// <summary>One invocation with its payload and response, and every attempt of the same request
    /// id (the retry history of one event), oldest first.</summary>
    public (InvocationRecord Invocation, IReadOnlyList<InvocationRecord> Attempts)? Find(long id) => _database.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns}, payload, response FROM invocation_history WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        if (ReadAll(command) is not [var found])
            return ((InvocationRecord, IReadOnlyList<InvocationRecord>)?)null;
        using var attempts = connection.CreateCommand();
        attempts.CommandText = $"SELECT {Columns}, NULL, NULL FROM invocation_history WHERE request_id = $request ORDER BY id";
        attempts.Parameters.AddWithValue("$request", found.Entry.RequestId);
        return (found, ReadAll(attempts));
    });

    /// <summary>Invocations and failures per function and trigger since <paramref name="since"/> (the
    /// topology's invocations/min and errors/min per edge).</summary>
    public IReadOnlyDictionary<(string Function, string Trigger), (long Invocations, long Errors)> CountSince(DateTimeOffset since) =>
        _database.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT function, source, COUNT(*), SUM(outcome <> 'Succeeded') FROM invocation_history
                WHERE started_ms >= $since GROUP BY function, source
                """;
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            using var reader = command.ExecuteReader();
            var counts = new Dictionary<(string, string), (long, long)>();
            while (reader.Read())
                counts[(reader.GetString(0), reader.GetString(1))] = (reader.GetInt64(2), reader.GetInt64(3));
            return (IReadOnlyDictionary<(string Function, string Trigger), (long Invocations, long Errors)>)counts;
        });

    /// <summary>Forgets every stored invocation (the dashboard's reset).</summary>
    public Task ClearAsync(CancellationToken cancellationToken) => _database.WriteAsync(connection =>
    {
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM invocation_history";
        delete.ExecuteNonQuery();
    }, cancellationToken);

    private static List<InvocationRecord> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var records = new List<InvocationRecord>();
        while (reader.Read())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            records.Add(new InvocationRecord(reader.GetInt64(0), new InvocationLogEntry(
                RequestId: reader.GetString(1), Function: reader.GetString(2), Trigger: reader.GetString(3), Attempt: reader.GetInt32(4),
                Outcome: Enum.Parse<InvocationOutcome>(reader.GetString(5)),
                StartedAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)), DurationMs: reader.GetDouble(7),
                ErrorType: Text(8), Error: Text(9), Worker: Text(10), Logs: Text(11), Payload: Text(12), Response: Text(13))));
        }

        return records;
    }

    public override void Dispose()
    {
        _log.Added -= Enqueue;
        base.Dispose();
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "{Count} invocations were not stored in the history: {Reason}")]
    private static partial void LogNotStored(ILogger logger, int count, string reason);
}
