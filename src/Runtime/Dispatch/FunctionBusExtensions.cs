using MassTransit;
using Platform.Contracts.Dispatch;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Runtime.Registry;

namespace Platform.Runtime.Dispatch;

/// <summary>
/// One receive endpoint per function, named <see cref="DispatchAddresses.QueueName"/>, whose
/// concurrency limit is the function's: the transport then enforces Lambda's reserved concurrency
/// in one process (in memory) and per worker (RabbitMQ, prefetch = concurrency).
/// </summary>
public static class FunctionBusExtensions
{
    public static void AddFunctionConsumers(this IBusRegistrationConfigurator configurator) =>
        configurator.AddConsumer<InvokeFunctionConsumer>();

    public static void ConfigureFunctionEndpoints(this IBusFactoryConfigurator configurator, IBusRegistrationContext context, IEnumerable<FunctionDefinition> functions)
    {
        foreach (var function in functions)
            configurator.ReceiveEndpoint(DispatchAddresses.QueueName(function.Name), endpoint => ConfigureEndpoint(endpoint, context, function));
    }

    /// <summary>Endpoints for every function in the registry when the bus is created — code
    /// registrations, plus configured functions already added with FunctionRegistry.AddOrReplace.</summary>
    public static void ConfigureFunctionEndpoints(this IBusFactoryConfigurator configurator, IBusRegistrationContext context) =>
        configurator.ConfigureFunctionEndpoints(context, context.GetRequiredService<FunctionRegistry>().Definitions);

    /// <summary>Adds a function's endpoint to a running bus (a function added by a config reload).</summary>
    public static HostReceiveEndpointHandle ConnectFunctionEndpoint(this IReceiveEndpointConnector connector, FunctionDefinition function) =>
        connector.ConnectReceiveEndpoint(DispatchAddresses.QueueName(function.Name), (context, endpoint) => ConfigureEndpoint(endpoint, context, function));

    private static void ConfigureEndpoint(IReceiveEndpointConfigurator endpoint, IRegistrationContext context, FunctionDefinition function)
    {
        // Requests are sent to the function's queue; binding the message type's exchange to every
        // function queue would make a published InvokeFunction run every function.
        endpoint.ConfigureConsumeTopology = false;
        endpoint.PrefetchCount = function.Concurrency;
        endpoint.ConcurrentMessageLimit = function.Concurrency;
        endpoint.ConfigureConsumer<InvokeFunctionConsumer>(context);
    }
}
