namespace Platform.Runtime.RuntimeApi;

/// <summary>How an invocation handed to a runtime ended. <paramref name="Reusable"/>: the process may
/// serve the next invocation (it answered, even with an error, and asked for more).</summary>
internal sealed record RuntimeApiResult(string? Payload, string? ErrorType, string? ErrorMessage, bool Reusable)
{
    /// <summary>The error JSON the runtime posted (/error, /init/error), verbatim.</summary>
    public string? ErrorPayload { get; init; }

    public bool Succeeded => ErrorType is null;

    public static RuntimeApiResult Success(string? payload) => new(payload, null, null, Reusable: true);

    public static RuntimeApiResult Failure(string errorType, string message, bool reusable) => new(null, errorType, message, reusable);
}
