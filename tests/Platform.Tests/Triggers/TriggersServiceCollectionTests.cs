using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Contracts.Functions;
using Platform.Emulators.Storage.Engine;
using Platform.Emulators.Streams.Engine;
using Platform.Tests.Triggers.Sources.S3;
using Platform.Triggers;
using Platform.Triggers.Dispatch;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources;

namespace Platform.Tests.Triggers;

public sealed class TriggersServiceCollectionTests
{
    [Fact]
    public async Task Registers_the_supervisor_as_a_hosted_service_with_what_the_host_provides()
    {
        await using var harness = new QueueHarness();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(harness.Time)
            .AddSingleton(harness.Database)
            .AddSingleton(harness.Queues)
            .AddSingleton<IStorageChangeFeed>(new FakeStorageChangeFeed(harness.Time))
            .AddSingleton<IStreamRecordSource>(new Sources.Kinesis.InMemoryStreamSource(harness.Time))
            .AddSingleton<IReadOnlyList<FunctionDefinition>>([new FunctionDefinition { Name = "resize" }])
            // A host without MassTransit supplies its own transport invoker.
            .AddSingleton<IInvocationDispatcher>(new ScriptedInvocationDispatcher(harness.Time))
            .AddTriggers(new TriggerOptions { Region = "eu-west-1" });
        await using var provider = services.BuildServiceProvider();

        var supervisor = provider.GetRequiredService<TriggerSupervisor>();
        Assert.Same(supervisor, provider.GetServices<IHostedService>().OfType<TriggerSupervisor>().Single());
        Assert.Equal("resize", Assert.Single(provider.GetRequiredService<IFunctionCatalog>().Functions).Name);
        Assert.Equal(1000, provider.GetRequiredService<InvocationLog>().Capacity);
        Assert.Equal([EventSourceKind.Sqs, EventSourceKind.Kinesis, EventSourceKind.DynamoDb],
            provider.GetServices<ISourceWorkerFactory>().Select(f => f.Kind).Order());
    }

    [Fact]
    public async Task The_default_invoker_is_masstransits_wrapped_by_the_recorder()
    {
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddMassTransit(x => x.UsingInMemory())
            .AddTriggers(new TriggerOptions())
            .BuildServiceProvider();

        Assert.IsType<RecordingInvocationDispatcher>(provider.GetRequiredService<IInvocationDispatcher>());
        Assert.NotNull(provider.GetRequiredService<MassTransitInvocationDispatcher>());
    }
}
