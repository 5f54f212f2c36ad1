using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Runtime;
using Platform.Runtime.Dispatch;

namespace Platform.Tests.Runtime;

/// <summary>A real MassTransit in-memory bus with the runtime's consumers, as the host wires it.</summary>
internal sealed class RuntimeBus : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ConcurrentDictionary<string, IRequestClient<InvokeFunction>> _clients = new();

    private RuntimeBus(ServiceProvider services, IBusControl bus)
    {
        _services = services;
        Bus = bus;
    }

    public IBusControl Bus { get; }

    public IServiceProvider Services => _services;

    public static async Task<RuntimeBus> StartAsync(Action<IServiceCollection> register, params FunctionDefinition[] functions)
    {
        var services = new ServiceCollection();
        services.AddPlatformRuntime(new RuntimeOptions { Region = "eu-west-1", AccountId = "123456789012", EdgeUrl = "http://127.0.0.1:4566" });
        register(services);
        services.AddMassTransit(x =>
        {
            x.AddFunctionConsumers();
            x.UsingInMemory((context, cfg) => cfg.ConfigureFunctionEndpoints(context, functions));
        });
        var provider = services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bus.StartAsync(timeout.Token);
        return new RuntimeBus(provider, bus);
    }

    public async Task<FunctionInvoked> InvokeAsync(string function, string payload, string? requestId = null)
    {
        var client = _clients.GetOrAdd(function, f => Bus.CreateRequestClient<InvokeFunction>(DispatchAddresses.Address(f), RequestTimeout.After(s: 30)));
        var response = await client.GetResponse<FunctionInvoked>(new InvokeFunction
        {
            RequestId = requestId ?? Guid.NewGuid().ToString(),
            FunctionName = function,
            Payload = payload,
            Trigger = "test",
        });
        return response.Message;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Bus.StopAsync(timeout.Token);
        await _services.DisposeAsync();
    }
}
