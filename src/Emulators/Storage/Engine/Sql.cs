using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Storage.Engine;

/// <summary>Terse parameterized commands.</summary>
internal static class Sql
{
    // Execute and Scalar reuse one command per connection and statement text, so SQLite parses and
    // plans each statement once per connection instead of once per call (Microsoft.Data.Sqlite keeps a
    // command's prepared statement until the command is disposed). A PUT runs five statements on the
    // single writer thread; parsing them each time was a large share of its cost. A connection is only
    // ever used by one caller at a time (the writer under its lock, readers taken from a pool), and the
    // statement texts are constants, so the cache is small and needs no lock.
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Prepared = new();

    public static SqliteCommand Command(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, parameters);
        return command;
    }

    public static int Execute(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Reusable(connection, sql, parameters).ExecuteNonQuery();

    public static object? Scalar(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var value = Reusable(connection, sql, parameters).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>The connection's reusable command for <paramref name="sql"/> (a constant text), bound to
    /// <paramref name="parameters"/>: for the hot reads. The caller disposes its reader, never the command.</summary>
    public static SqliteCommand Cached(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Reusable(connection, sql, parameters);

    private static SqliteCommand Reusable(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var commands = Prepared.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        command.Parameters.Clear();
        Bind(command, parameters);
        return command;
    }

    private static void Bind(SqliteCommand command, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
    }

    public static string? NullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
