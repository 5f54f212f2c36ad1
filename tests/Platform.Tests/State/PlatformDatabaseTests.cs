using Microsoft.Data.Sqlite;
using Platform.Emulators.State;

namespace Platform.Tests.State;

public sealed class PlatformDatabaseTests : IAsyncDisposable
{
    private readonly DataDirectory _directory = DataDirectory.CreateEphemeral();
    private readonly PlatformDatabase _database;

    public PlatformDatabaseTests()
    {
        _database = new PlatformDatabase(_directory);
        _database.EnsureSchema("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    }

    private long Count() => _database.Read(c =>
    {
        using var command = c.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM t";
        return (long)command.ExecuteScalar()!;
    });

    private static void Insert(SqliteConnection connection, int id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO t (id, v) VALUES ($id, 'x')";
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task A_column_added_to_a_table_of_an_earlier_release_keeps_its_rows_and_is_added_once()
    {
        await _database.WriteAsync(c => Insert(c, 1));

        _database.EnsureColumn("t", "trace_header", "TEXT NULL");
        _database.EnsureColumn("t", "trace_header", "TEXT NULL"); // the next start: already there

        var values = _database.Read(c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = "SELECT id, trace_header FROM t";
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.IsDBNull(1));
        });
        Assert.Equal((1L, true), values);
    }

    [Fact]
    public async Task A_failing_write_fails_alone_and_the_others_of_its_commit_stay()
    {
        // Queued together, so they share one group commit.
        var writes = Enumerable.Range(1, 50).Select(i => _database.WriteAsync(c =>
        {
            Insert(c, i);
            if (i % 10 == 0)
                Insert(c, i); // duplicate key: this unit fails after its first insert
        })).ToList();

        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try { await w; return true; }
            catch (SqliteException) { return false; }
        }));

        Assert.Equal(45, outcomes.Count(ok => ok));
        Assert.Equal(45, Count()); // the failed units' first inserts were rolled back to their savepoints
    }

    [Fact]
    public async Task A_completed_write_is_there_after_the_database_is_reopened()
    {
        var path = Path.Combine(Path.GetTempPath(), "platform-db-" + Guid.NewGuid().ToString("N"));
        try
        {
            var directory = DataDirectory.Open(path);
            await using (var first = new PlatformDatabase(directory))
            {
                first.EnsureSchema("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
                await first.WriteAsync(c => Insert(c, 7));
            }

            await using var second = new PlatformDatabase(DataDirectory.Open(path));
            Assert.Equal(1L, second.Read(c =>
            {
                using var command = c.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM t WHERE id = 7";
                return (long)command.ExecuteScalar()!;
            }));
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public async Task A_change_signal_wakes_a_waiter_and_never_misses_a_change_made_before_the_wait()
    {
        var signal = new ChangeSignal();
        var seen = signal.Version;
        signal.Notify();

        Assert.True(await signal.WaitAsync(seen, TimeSpan.Zero, TimeProvider.System, CancellationToken.None));
        var now = signal.Version;
        var waiting = signal.WaitAsync(now, TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        signal.Notify();
        Assert.True(await waiting);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        _directory.Dispose();
    }
}
