using System.Collections.Concurrent;
using System.Text.Json;
using Platform.Functions;
using Platform.Runtime.Registry;

namespace Platform.Runtime.Invocation;

/// <summary>
/// Runs an <see cref="IFunction{TEvent,TResult}"/>. Like Lambda's execution environments, an
/// instance serves one invocation at a time and is kept for the next, so the constructor's work
/// (clients, caches) happens once per concurrent slot, not per event.
/// </summary>
internal sealed class TypedFunctionHandler<TEvent, TResult>(Func<object> create) : IFunctionHandler
{
    private readonly ConcurrentBag<IFunction<TEvent, TResult>> _idle = [];

    public async Task<string?> InvokeAsync(string payloadJson, IFunctionContext context)
    {
        var input = JsonSerializer.Deserialize<TEvent>(payloadJson, FunctionJson.Options)!;
        if (!_idle.TryTake(out var function))
            function = (IFunction<TEvent, TResult>)create();

        var result = await function.HandleAsync(input, context);
        // Only an instance that finished is reused; one that threw may be in any state.
        _idle.Add(function);
        return result is null or NoResult ? null : JsonSerializer.Serialize(result, FunctionJson.Options);
    }
}
