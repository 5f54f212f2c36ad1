namespace Platform.Runtime.Invocation;

/// <summary>A function failed with a Lambda error type of its own (what a runtime posted to
/// /invocation/{id}/error, or the platform's <c>Runtime.ExitError</c>, <c>Function.ResponseSizeTooLarge</c>, …),
/// reported as that type rather than as this exception's name.</summary>
public sealed class FunctionErrorException(string errorType, string message, string? payload = null) : Exception(message)
{
    public string ErrorType { get; } = errorType;

    /// <summary>The error JSON as the runtime posted it, when it posted one.</summary>
    public string? Payload { get; } = payload;
}
