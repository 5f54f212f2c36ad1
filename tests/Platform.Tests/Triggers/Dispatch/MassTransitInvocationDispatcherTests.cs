using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Dispatch;
using Platform.Triggers.Dispatch;

namespace Platform.Tests.Triggers.Dispatch;

public sealed class MassTransitInvocationDispatcherTests : IAsyncLifetime
{
    private ServiceProvider _services = null!;
    private IBusControl _bus = null!;

    public sealed class AnsweringConsumer : IConsumer<InvokeFunction>
    {
        public Task Consume(ConsumeContext<InvokeFunction> context) => context.RespondAsync(new FunctionInvoked
        {
            RequestId = context.Message.RequestId,
            FunctionName = context.Message.FunctionName,
            Outcome = InvocationOutcome.Succeeded,
            ResponsePayload = "\"ok\"",
            StartedAt = DateTimeOffset.UtcNow,
            DurationMs = 1,
            Worker = "test",
        });
    }

    public sealed class ThrowingConsumer : IConsumer<InvokeFunction>
    {
        public Task Consume(ConsumeContext<InvokeFunction> context) => throw new InvalidOperationException("dispatch broke");
    }

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddMassTransit(x =>
            {
                x.AddConsumer<AnsweringConsumer>().Endpoint(e => e.Name = DispatchAddresses.QueueName("answers"));
                x.AddConsumer<ThrowingConsumer>().Endpoint(e => e.Name = DispatchAddresses.QueueName("throws"));
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.UseMessageRetry(r => r.None());
                    cfg.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider();
        _bus = _services.GetRequiredService<IBusControl>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _bus.StartAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _bus.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }

    private Task<FunctionInvoked> InvokeAsync(string function, TimeSpan timeout)
    {
        var invoker = new MassTransitInvocationDispatcher(_services.GetRequiredService<IClientFactory>(), TimeProvider.System);
        return invoker.InvokeAsync(new InvokeFunction { RequestId = "r1", FunctionName = function, Payload = "{}", Trigger = "test" },
            timeout, CancellationToken.None);
    }

    [Fact]
    public async Task Returns_the_functions_answer()
    {
        var result = await InvokeAsync("answers", TimeSpan.FromSeconds(10));
        Assert.Equal((InvocationOutcome.Succeeded, "\"ok\"", "test"), (result.Outcome, result.ResponsePayload, result.Worker));
    }

    [Fact]
    public async Task No_answer_in_time_is_a_timeout()
    {
        // Nobody consumes invoke-silent: the request times out (a short real timeout, no sleep).
        var result = await InvokeAsync("silent", TimeSpan.FromMilliseconds(200));
        Assert.Equal((InvocationOutcome.TimedOut, "Sandbox.Timedout", "r1"), (result.Outcome, result.ErrorType, result.RequestId));
    }

    [Fact]
    public async Task A_faulting_consumer_is_a_failure()
    {
        var result = await InvokeAsync("throws", TimeSpan.FromSeconds(10));
        Assert.Equal(InvocationOutcome.Failed, result.Outcome);
        Assert.Equal("InvalidOperationException", result.ErrorType);
    }
}
