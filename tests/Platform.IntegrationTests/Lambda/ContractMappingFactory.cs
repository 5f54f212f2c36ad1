using Platform.Triggers.Mappings;
using Platform.Triggers.Sources;

namespace Platform.IntegrationTests.Lambda;

/// <summary>Stands in for the SQS mapping factory so the API's contract is tested on its own: it
/// fills SQS's defaults, refuses StartingPosition as Lambda does for SQS, and its workers idle.</summary>
internal sealed class ContractMappingFactory : ISourceWorkerFactory
{
    public EventSourceKind Kind => EventSourceKind.Sqs;

    public EventSourceMapping Validate(EventSourceMapping mapping)
    {
        if (mapping.StartingPosition is not null)
            throw new MappingValidationException("StartingPosition is not valid for SQS event sources.");
        return mapping with
        {
            BatchSize = mapping.BatchSize ?? 10,
            MaximumBatchingWindowInSeconds = mapping.MaximumBatchingWindowInSeconds ?? 0,
        };
    }

    public ISourceWorker Create(EventSourceMapping mapping) => new IdleWorker(mapping);

    private sealed class IdleWorker(EventSourceMapping mapping) : ISourceWorker
    {
        public EventSourceMapping Mapping => mapping;

        public MappingStatus Status => new();

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }
    }
}
