using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Queues.Engine;

internal static class SqliteCommandExtensions
{
    /// <summary>Sets a parameter, adding it on first use: cached writer commands keep their
    /// parameter objects, so the hot path allocates none.</summary>
    public static void Set(this SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index >= 0)
            parameters[index].Value = value ?? DBNull.Value;
        else
            parameters.AddWithValue(name, value ?? DBNull.Value);
    }
}
