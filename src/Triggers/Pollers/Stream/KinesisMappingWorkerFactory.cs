using Platform.Emulators.Streams.Engine;
using Platform.Triggers.Mappings;
using Platform.Triggers.Routing;

namespace Platform.Triggers.Pollers.Stream;

/// <summary>Kinesis stream mappings: AWS's rules (<see cref="KinesisMappingRules"/>), the stream and
/// the on-failure queue must exist, and one <see cref="KinesisMappingWorker"/> per mapping.</summary>
public sealed class KinesisMappingWorkerFactory(KinesisWorkerServices services) : IMappingWorkerFactory
{
    public EventSourceKind Kind => EventSourceKind.Kinesis;

    public EventSourceMapping Validate(EventSourceMapping mapping)
    {
        var validated = KinesisMappingRules.Validate(mapping);
        try
        {
            services.Streams.GetShards(validated.EventSourceArn);
        }
        catch (StreamException ex) when (ex.Code == "ResourceNotFoundException")
        {
            throw new MappingValidationException($"Stream not found: {validated.EventSourceArn}");
        }

        if (validated.OnFailureDestination is { } destination && !services.Queues.QueueExists(DestinationQueue.ResolveName(destination)))
            throw new MappingValidationException(
                $"The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination={destination})) is invalid: the queue does not exist.");
        return validated;
    }

    public IMappingWorker Create(EventSourceMapping mapping) =>
        new KinesisMappingWorker(KinesisMappingRules.Validate(mapping), services);
}
