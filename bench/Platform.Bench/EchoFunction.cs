using System.Text.Json;
using Platform.Functions;

namespace Platform.Bench;

/// <summary>Returns its event: the invocation-overhead scenario runs it in-process and as a process.</summary>
public sealed class EchoFunction : IFunction<JsonElement, JsonElement>
{
    public Task<JsonElement> HandleAsync(JsonElement input, IFunctionContext context) => Task.FromResult(input);
}
