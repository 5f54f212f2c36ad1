using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Queues.Engine;

/// <summary>Prepared statements for the database's writer connection, kept across write units so
/// a send neither re-parses its INSERT nor re-creates its parameters (callers set every parameter
/// on each use with <see cref="SqliteCommandExtensions.Set"/>). Only touched from inside write
/// units, which all run on the one writer thread.</summary>
internal sealed class WriterCommands
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteConnection? _connection;

    public SqliteCommand Get(SqliteConnection connection, string sql)
    {
        if (!ReferenceEquals(connection, _connection))
        {
            foreach (var stale in _commands.Values)
                stale.Dispose();
            _commands.Clear();
            _connection = connection;
        }

        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        return command;
    }
}
