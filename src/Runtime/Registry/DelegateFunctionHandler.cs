using Platform.Functions;

namespace Platform.Runtime.Registry;

internal sealed class DelegateFunctionHandler(Func<string, IFunctionContext, Task<string?>> handler) : IFunctionHandler
{
    public Task<string?> InvokeAsync(string payloadJson, IFunctionContext context) => handler(payloadJson, context);
}
