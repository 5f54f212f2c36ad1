namespace Platform.Functions;

/// <summary>The result of a function that returns nothing; serialized as JSON <c>null</c>.</summary>
public sealed class NoResult
{
    /// <summary>The one value.</summary>
    public static NoResult Value { get; } = new();

    private NoResult()
    {
    }
}
