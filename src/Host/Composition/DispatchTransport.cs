using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Dispatch;
using Platform.Host.Workers;
using Platform.Runtime.Dispatch;
using Platform.Runtime.Registry;
using Platform.Triggers.Dispatch;

namespace Platform.Host.Composition;

/// <summary>
/// The dispatch bus of `platform up`: the same MassTransit request/response for either transport,
/// so triggers and functions do not know which one carries them. In memory, this process runs every
/// function. Over RabbitMQ, each function has a durable queue that `platform worker` processes
/// consume (and this process too with <c>--run-functions</c>), and the workers' heartbeats arrive on a
/// temporary queue of this process.
/// </summary>
internal static class DispatchTransport
{
    public static IServiceCollection AddDispatchTransport(this IServiceCollection services, DispatchOptions dispatch)
    {
        services.AddSingleton(dispatch);
        services.AddSingleton<WorkerDirectory>();
        if (dispatch.RabbitMq is not null)
            services.AddSingleton<IDispatchReadiness, BrokerReadiness>();
        services.AddMassTransit(bus =>
        {
            // MassTransit 8.4 otherwise posts usage telemetry to its vendor after the bus starts: a
            // local emulator must not phone home, and it costs an HttpClient and start-up work.
            bus.DisableUsageTelemetry();
            bus.AddFunctionConsumers();
            if (dispatch.RabbitMq is not { } broker)
            {
                bus.UsingInMemory((context, transport) => ConfigureFunctionEndpoints(context, transport, dispatch));
                return;
            }

            bus.AddReceiveEndpointObserver<BrokerConnectionLog>();
            bus.UsingRabbitMq((context, transport) =>
            {
                transport.UseBroker(broker, $"platform up {Environment.MachineName}:{Environment.ProcessId}");
                ConfigureFunctionEndpoints(context, transport, dispatch);
                // Temporary (auto-deleted): heartbeats sent while no `up` listens are worthless.
                var workers = context.GetRequiredService<WorkerDirectory>();
                transport.ReceiveEndpoint(new TemporaryEndpointDefinition("workers"), endpoint =>
                    endpoint.Handler<WorkerHeartbeat>(heartbeat =>
                    {
                        workers.Observe(heartbeat.Message);
                        return Task.CompletedTask;
                    }));
            });
        });
        return services;
    }

    /// <summary>Recorded, so a reload knows which functions already have an endpoint; none when the
    /// workers run the functions.</summary>
    private static void ConfigureFunctionEndpoints(IBusRegistrationContext context, IBusFactoryConfigurator transport, DispatchOptions dispatch) =>
        transport.ConfigureFunctionEndpoints(context, context.GetRequiredService<FunctionEndpoints>().ConfiguredWithBus(
            dispatch.RunsFunctions ? context.GetRequiredService<FunctionRegistry>().Definitions : []));
}
