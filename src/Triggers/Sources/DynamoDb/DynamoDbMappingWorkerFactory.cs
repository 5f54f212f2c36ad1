using System.Collections.Concurrent;
using Platform.Emulators.Tables.Engine;
using Platform.Triggers.Destinations;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources.Kinesis;

namespace Platform.Triggers.Sources.DynamoDb;

/// <summary>DynamoDB Streams mappings: the rules (<see cref="DynamoDbMappingRules"/>), the function, the
/// stream and the on-failure queue must exist; each mapping runs the shard machinery of the Kinesis
/// mappings (<see cref="KinesisMappingWorker"/>) over the table's stream (<see cref="DynamoDbStreamReader"/>)
/// with the DynamoDB event shape — so checkpoints, lanes, retries, bisect, ReportBatchItemFailures and
/// on-failure records behave exactly as for Kinesis.</summary>
public sealed class DynamoDbMappingWorkerFactory(KinesisWorkerServices services, ITableStreamSource? tables = null) : ISourceWorkerFactory
{
    // Null in a host without the table emulator: every DynamoDB mapping is then refused.
    private readonly ITableStreamSource _tables = tables ?? new NoTables();

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _runGates = new(StringComparer.Ordinal);
    private readonly KinesisWorkerServices _streamServices = services with { Streams = new DynamoDbStreamReader(tables ?? new NoTables(), services.Options.Region) };

    public EventSourceKind Kind => EventSourceKind.DynamoDb;

    public EventSourceMapping Validate(EventSourceMapping mapping)
    {
        var validated = DynamoDbMappingRules.Validate(mapping);
        MappingPrerequisites.RequireFunction(services.Functions, validated.FunctionName);
        try
        {
            _tables.GetStream(validated.EventSourceArn);
        }
        catch (TableException ex) when (ex.Code == "ResourceNotFoundException")
        {
            throw new MappingValidationException($"Stream not found: {validated.EventSourceArn}");
        }

        MappingPrerequisites.RequireDestination(services.Destinations ?? new DestinationResolver(services.Queues), validated.OnFailureDestination);
        return validated;
    }

    public ISourceWorker Create(EventSourceMapping mapping)
    {
        var validated = DynamoDbMappingRules.Validate(mapping);
        var source = KinesisEventSource.For(validated.EventSourceArn, services.Options) with { Shape = DynamoDbEventShape.Instance };
        return new KinesisMappingWorker(validated, _streamServices, DynamoDbRecordFilter.For(validated.FilterPatterns),
            _runGates.GetOrAdd(validated.Uuid, _ => new SemaphoreSlim(1, 1)), source);
    }

    private sealed class NoTables : ITableStreamSource
    {
        public TableStreamInfo GetStream(string streamArn) => throw Missing(streamArn);

        public TableStreamRead Read(string streamArn, string shardId, string? afterSequenceNumber, int limit) => throw Missing(streamArn);

        public string? LatestSequenceNumber(string streamArn, string shardId) => throw Missing(streamArn);

        public Emulators.State.ChangeSignal Changes(string streamArn) => new();

        private static TableException Missing(string streamArn) =>
            new("ResourceNotFoundException", $"Requested resource not found: Stream: {streamArn} not found (this host serves no DynamoDB tables)");
    }
}
