namespace Platform.Triggers.Filtering;

internal static class PatternErrors
{
    /// <summary>Lambda's message for a pattern it refuses, followed by what is wrong.</summary>
    public const string Prefix = "Invalid filter pattern definition.";

    public static FormatException Invalid(string reason) => new($"{Prefix} {reason}");
}
