using System.Collections.Concurrent;
using Platform.Emulators.Streams.Engine;
using Platform.Triggers.Destinations;
using Platform.Triggers.Mappings;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>Kinesis stream mappings: AWS's rules (<see cref="KinesisMappingRules"/>), the function,
/// the stream and the on-failure queue must exist, and one <see cref="KinesisMappingWorker"/> per
/// mapping.</summary>
public sealed class KinesisMappingWorkerFactory(KinesisWorkerServices services) : ISourceWorkerFactory
{
    // A changed mapping's new worker starts while the old one still finishes its batches in flight;
    // both would checkpoint the same shards, so a mapping's workers run one after the other.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _runGates = new(StringComparer.Ordinal);

    public EventSourceKind Kind => EventSourceKind.Kinesis;

    public EventSourceMapping Validate(EventSourceMapping mapping)
    {
        var validated = KinesisMappingRules.Validate(mapping);
        MappingPrerequisites.RequireFunction(services.Functions, validated.FunctionName);
        try
        {
            services.Streams.GetShards(validated.EventSourceArn);
        }
        catch (StreamException ex) when (ex.Code == "ResourceNotFoundException")
        {
            throw new MappingValidationException($"Stream not found: {validated.EventSourceArn}");
        }

        MappingPrerequisites.RequireDestination(services.Destinations ?? new DestinationResolver(services.Queues), validated.OnFailureDestination);
        return validated;
    }

    public ISourceWorker Create(EventSourceMapping mapping)
    {
        var validated = KinesisMappingRules.Validate(mapping);
        return new KinesisMappingWorker(validated, services, KinesisRecordFilter.For(validated.FilterPatterns),
            _runGates.GetOrAdd(validated.Uuid, _ => new SemaphoreSlim(1, 1)));
    }
}
