using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Platform.Emulators.State;

/// <summary>
/// The platform's one SQLite database (WAL). Every engine keeps its tables here, so a change and
/// its journal entry — or a message and a checkpoint — commit together.
/// <para>
/// Writes are group-committed: callers queue a unit of work, one writer loop runs everything that is
/// waiting in a single transaction (each unit inside its own savepoint, so one failing unit does
/// not undo the others) and completes the callers after the commit. A completed write is durable.
/// Reads run on pooled connections against the last committed state.
/// </para>
/// </summary>
public sealed class PlatformDatabase : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly DatabaseOptions _options;
    private readonly bool _ephemeral;
    private readonly SqliteConnection _writer;
    private readonly Channel<IWriteUnit> _writes = Channel.CreateUnbounded<IWriteUnit>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentBag<SqliteConnection> _readers = new();
    private readonly Task _writerLoop;
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private readonly SqliteCommand _rollbackToSavepoint;

    public PlatformDatabase(DataDirectory directory, DatabaseOptions? options = null)
    {
        _options = options ?? new DatabaseOptions();
        _ephemeral = directory.IsEphemeral;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = directory.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        }.ToString();

        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        var synchronous = directory.IsEphemeral ? "OFF" : _options.Fsync ? "FULL" : "NORMAL";
        Execute(_writer, $"""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous={synchronous};
            PRAGMA busy_timeout=5000;
            PRAGMA foreign_keys=ON;
            PRAGMA temp_store=MEMORY;
            """);
        // Prepared once: every queued write pays for its savepoint, so parsing it each time would
        // cap the throughput of every engine.
        _savepoint = Prepare(_writer, "SAVEPOINT unit");
        _release = Prepare(_writer, "RELEASE unit");
        _rollbackToSavepoint = Prepare(_writer, "ROLLBACK TO unit");
        _writerLoop = Task.Factory.StartNew(RunWriterLoop, CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>True with <c>--fsync</c> on a real data directory: a commit reaches the disk, so whatever a
    /// commit refers to outside the database (an object body file) must be synced before it.</summary>
    public bool SyncsToDisk => _options.Fsync && !_ephemeral;

    /// <summary>Creates a module's tables if they do not exist yet. Statements must be idempotent
    /// (<c>CREATE TABLE IF NOT EXISTS …</c>).</summary>
    public void EnsureSchema(string ddl)
    {
        lock (_writer)
        {
            Execute(_writer, ddl);
        }
    }

    /// <summary>Adds a column to a table made by an earlier release (SQLite has no <c>ADD COLUMN IF NOT
    /// EXISTS</c>): data directories written before the column existed still open. The definition
    /// must allow existing rows (NULL or a default).</summary>
    public void EnsureColumn(string table, string column, string definition)
    {
        lock (_writer)
        {
            using var probe = _writer.CreateCommand();
            probe.CommandText = "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column";
            probe.Parameters.AddWithValue("$table", table);
            probe.Parameters.AddWithValue("$column", column);
            if (Convert.ToInt64(probe.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
                Execute(_writer, $"ALTER TABLE {table} ADD COLUMN {column} {definition};");
        }
    }

    /// <summary>Runs <paramref name="work"/> inside the next group commit and returns its result once
    /// the commit is done. The work runs on the writer thread: keep it to SQL, no I/O waits.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var unit = new WriteUnit<T>(work);
        if (!_writes.Writer.TryWrite(unit))
            throw new ObjectDisposedException(nameof(PlatformDatabase));
        return unit.Completion.Task;
    }

    public Task WriteAsync(Action<SqliteConnection> work, CancellationToken cancellationToken = default) =>
        WriteAsync(connection => { work(connection); return true; }, cancellationToken);

    /// <summary>Runs a read on a pooled connection; it sees the last committed state.</summary>
    public T Read<T>(Func<SqliteConnection, T> work)
    {
        if (!_readers.TryTake(out var connection))
        {
            connection = new SqliteConnection(_connectionString);
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout=5000; PRAGMA query_only=ON;");
        }

        try
        {
            return work(connection);
        }
        finally
        {
            _readers.Add(connection);
        }
    }

    private async Task RunWriterLoop()
    {
        var batch = new List<IWriteUnit>(_options.MaxWritesPerCommit);
        while (await _writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _options.MaxWritesPerCommit && _writes.Reader.TryRead(out var unit))
                batch.Add(unit);
            if (batch.Count == 0)
                continue;

            CommitBatch(batch);
        }
    }

    private void CommitBatch(List<IWriteUnit> batch)
    {
        lock (_writer)
        {
            try
            {
                using (var begin = _writer.CreateCommand())
                {
                    begin.CommandText = "BEGIN IMMEDIATE";
                    begin.ExecuteNonQuery();
                }

                foreach (var unit in batch)
                {
                    _savepoint.ExecuteNonQuery();
                    try
                    {
                        unit.Run(_writer);
                        _release.ExecuteNonQuery();
                    }
                    catch (Exception ex)
                    {
                        _rollbackToSavepoint.ExecuteNonQuery();
                        _release.ExecuteNonQuery();
                        unit.Fail(ex);
                    }
                }

                Execute(_writer, "COMMIT");
            }
            catch (Exception ex)
            {
                // The commit itself failed (disk full, I/O error): nothing in the batch is durable.
                try { Execute(_writer, "ROLLBACK"); } catch (SqliteException) { }
                foreach (var unit in batch)
                {
                    unit.Fail(ex);
                    unit.Complete();
                }

                return;
            }
        }

        foreach (var unit in batch)
            unit.Complete();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Prepare();
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writerLoop.ConfigureAwait(false);
        lock (_writer)
        {
            _savepoint.Dispose();
            _release.Dispose();
            _rollbackToSavepoint.Dispose();
            _writer.Dispose();
        }

        while (_readers.TryTake(out var reader))
            reader.Dispose();
        SqliteConnection.ClearAllPools();
    }

    private interface IWriteUnit
    {
        void Run(SqliteConnection connection);
        void Fail(Exception exception);
        void Complete();
    }

    private sealed class WriteUnit<T>(Func<SqliteConnection, T> work) : IWriteUnit
    {
        private T? _result;
        private Exception? _failure;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(SqliteConnection connection) => _result = work(connection);

        public void Fail(Exception exception) => _failure ??= exception;

        public void Complete()
        {
            if (_failure is not null)
                Completion.TrySetException(_failure);
            else
                Completion.TrySetResult(_result!);
        }
    }
}
