namespace Platform.Functions;

/// <summary>
/// A function: receives an event (for example an S3 event) and returns a result,
/// which is serialized to JSON. Throwing an exception fails the invocation, which the trigger then
/// retries by its source's rules.
/// </summary>
/// <typeparam name="TEvent">The event type the payload JSON is read into.</typeparam>
/// <typeparam name="TResult">The result type; use <see cref="NoResult"/> for none.</typeparam>
public interface IFunction<in TEvent, TResult>
{
    /// <summary>Handles one invocation.</summary>
    /// <param name="input">The event.</param>
    /// <param name="context">Request id, remaining time, logger and cancellation for this invocation.</param>
    Task<TResult> HandleAsync(TEvent input, IFunctionContext context);
}
