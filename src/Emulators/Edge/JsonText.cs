namespace Platform.Emulators.Edge;

/// <summary>System.Text.Json parses a string member lazily: one that is not valid Unicode once
/// unescaped (<c>"\ud800"</c>) throws InvalidOperationException only when it is read, deep in an
/// operation. That is the client's bad input, not a fault of the platform.</summary>
public static class JsonText
{
    public static bool IsInvalidString(Exception error) =>
        error is InvalidOperationException && error.StackTrace?.Contains("at System.Text.Json.", StringComparison.Ordinal) == true;
}
