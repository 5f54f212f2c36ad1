using MassTransit;
using Platform.Contracts.Dispatch;
using Platform.Runtime.Invocation;

namespace Platform.Runtime.Dispatch;

/// <summary>Answers each <see cref="InvokeFunction"/> with its <see cref="FunctionInvoked"/>. Added
/// to one endpoint per function (ConfigureFunctionEndpoints), never by ConfigureEndpoints.</summary>
/// <remarks>Over RabbitMQ the message is acknowledged only after this returns: a worker that dies
/// mid-invocation leaves it unacknowledged, and the broker hands it to another worker.</remarks>
[ExcludeFromConfigureEndpoints]
public sealed class InvokeFunctionConsumer(FunctionInvoker invoker, DispatchActivity activity) : IConsumer<InvokeFunction>
{
    public async Task Consume(ConsumeContext<InvokeFunction> context)
    {
        activity.Started(context.Message.FunctionName);
        try
        {
            var result = await invoker.InvokeAsync(context.Message, context.CancellationToken);
            await context.RespondAsync(result);
        }
        finally
        {
            activity.Finished(context.Message.FunctionName);
        }
    }
}
