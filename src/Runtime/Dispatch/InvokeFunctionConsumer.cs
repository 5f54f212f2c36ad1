using MassTransit;
using Platform.Contracts.Dispatch;
using Platform.Runtime.Invocation;

namespace Platform.Runtime.Dispatch;

/// <summary>Answers each <see cref="InvokeFunction"/> with its <see cref="FunctionInvoked"/>. Added
/// to one endpoint per function (ConfigureFunctionEndpoints), never by ConfigureEndpoints.</summary>
[ExcludeFromConfigureEndpoints]
public sealed class InvokeFunctionConsumer(FunctionInvoker invoker) : IConsumer<InvokeFunction>
{
    public async Task Consume(ConsumeContext<InvokeFunction> context)
    {
        var result = await invoker.InvokeAsync(context.Message, context.CancellationToken);
        await context.RespondAsync(result);
    }
}
