using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Queues.Api.Operations;

/// <summary>SQS's MissingParameter for an absent required member.</summary>
internal static class Require
{
    public static string Value(string? value, string parameter) =>
        string.IsNullOrEmpty(value) ? throw QueueErrors.MissingParameter(parameter) : value;

    public static List<T> Entries<T>(List<T>? entries) =>
        entries is null || entries.Count == 0 ? throw QueueErrors.EmptyBatchRequest() : entries;
}
