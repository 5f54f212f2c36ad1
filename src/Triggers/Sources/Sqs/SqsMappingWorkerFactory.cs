using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Queues.Engine;
using Platform.Triggers.Dispatch;
using Platform.Triggers.Mappings;
using Platform.Triggers.Pollers;

namespace Platform.Triggers.Sources.Sqs;

/// <summary>Validates SQS mappings against the queue and the function as they are now, and creates
/// their workers.</summary>
public sealed class SqsMappingWorkerFactory(
    IQueuePort queues,
    IFunctionCatalog catalog,
    Func<IInvocationDispatcher> invoker,
    TriggerOptions options,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    TriggerActivity? activity = null) : ISourceWorkerFactory
{
    /// <summary>
    /// For DI. The invoker is resolved when the first worker is created, not when this factory is:
    /// resolving it builds the dispatch bus, whose function endpoints are made from the functions
    /// loaded at that moment — and the provisioner that loads platform.yaml's functions needs this
    /// factory first, to validate the file's mappings.
    /// </summary>
    public SqsMappingWorkerFactory(IQueuePort queues, IFunctionCatalog catalog, IServiceProvider services,
        TriggerOptions options, TimeProvider time, ILoggerFactory loggerFactory)
        : this(queues, catalog, services.GetRequiredService<IInvocationDispatcher>, options, time, loggerFactory,
            services.GetService<TriggerActivity>())
    {
    }

    public EventSourceKind Kind => EventSourceKind.Sqs;

    public EventSourceMapping Validate(EventSourceMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        if (mapping.Kind != EventSourceKind.Sqs)
            throw new MappingValidationException($"{mapping.EventSourceArn} is not an SQS queue ARN.");
        var function = catalog.Functions.LastOrDefault(f => string.Equals(f.Name, mapping.FunctionName, StringComparison.Ordinal));
        bool? fifo = null;
        var visibility = TimeSpan.Zero;
        if (queues.QueueExists(mapping.EventSourceArn))
            (fifo, visibility) = queues.GetReceiveSettings(mapping.EventSourceArn);
        return SqsMappingRules.Validate(mapping, function, fifo, visibility);
    }

    public ISourceWorker Create(EventSourceMapping mapping) =>
        new SqsMappingWorker(mapping, queues, catalog, invoker(), options, time, loggerFactory, activity);
}
