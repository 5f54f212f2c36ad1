using Platform.Emulators.Edge;

namespace Platform.Host.Lambda;

/// <summary>A Lambda API error: answered with <see cref="Status"/>, the X-Amzn-ErrorType header
/// <see cref="Type"/> and the body <c>{"Type":"User","message":…}</c>.</summary>
internal sealed class LambdaException(int status, string type, string message) : EdgeException(type, message, status)
{
    public string Type => Code;

    /// <summary>Lambda's Reason member of some errors (a throttle's ReservedFunctionConcurrentInvocationLimitExceeded).</summary>
    public string? Reason { get; init; }

    public static LambdaException InvalidParameter(string message) => new(400, "InvalidParameterValueException", message);

    public static LambdaException Validation(string member, string value, string constraint) =>
        new(400, "ValidationException", $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    public static LambdaException BadContent(string message) => new(400, "InvalidRequestContentException", message);

    public static LambdaException NotFound(string message) => new(404, "ResourceNotFoundException", message);

    public static LambdaException Conflict(string message) => new(409, "ResourceConflictException", message);
}
