using Platform.Functions;

namespace Platform.Runtime.Registry;

/// <summary>Runs a function on a payload, whatever the function is (a typed IFunction, a method,
/// a delegate): JSON in, JSON out, so the invoker needs no knowledge of the function's types.</summary>
internal interface IFunctionHandler
{
    /// <returns>The result JSON, or null when the function returned nothing.</returns>
    Task<string?> InvokeAsync(string payloadJson, IFunctionContext context);
}
