using System.Globalization;
using Platform.Triggers;
using Platform.Triggers.Mappings;

namespace Platform.Host.Dashboard.Topology;

/// <summary>Event source mappings (SQS, Kinesis, DynamoDB Streams): source → mapping with its state and
/// batch settings → function → the mapping's on-failure destination, and for SQS the queue's own
/// dead-letter queue. Figures: queue depth visible/in flight, or the stream's iterator age.</summary>
internal sealed class MappingTopology(TriggerSupervisor triggers, QueueDepths queues) : ITopologySource
{
    public IEnumerable<TopologyEdge> Edges()
    {
        foreach (var state in triggers.Mappings)
        {
            var mapping = state.Mapping;
            var (kind, source) = Describe(mapping);
            var figures = new Dictionary<string, double> { ["inFlightBatches"] = state.Status.InFlightBatches };
            var destinations = new List<TopologyDestination>();
            if (mapping.Kind == EventSourceKind.Sqs && queues.Depth(mapping.EventSourceArn) is not null)
            {
                var (visible, inFlight) = queues.Split(mapping.EventSourceArn);
                figures["visible"] = visible;
                figures["inFlight"] = inFlight;
                if (queues.DeadLetterQueue(mapping.EventSourceArn) is { } dlq)
                    destinations.Add(new TopologyDestination("deadLetterQueue", dlq, queues.Depth(dlq)));
            }

            if (state.Status.IteratorAgeMs is { } age)
                figures["iteratorAgeMs"] = age;
            if (mapping.OnFailureDestination is { } onFailure)
                destinations.Add(new TopologyDestination("onFailure", QueueDepths.NameOf(onFailure), queues.Depth(onFailure)));
            yield return new TopologyEdge
            {
                SourceKind = kind,
                Source = source,
                Trigger = kind + ":" + source,
                ViaKind = "mapping",
                ViaId = mapping.Uuid,
                State = state.State,
                Healthy = state.Status.Healthy,
                LastError = state.Status.LastError,
                Switchable = true,
                Settings = Settings(mapping),
                Function = mapping.FunctionName,
                Destinations = destinations,
                Figures = figures,
            };
        }
    }

    private static (string Kind, string Source) Describe(EventSourceMapping mapping)
    {
        var resource = mapping.EventSourceArn.Split(':', 6) is { Length: 6 } parts ? parts[5] : mapping.EventSourceArn;
        return mapping.Kind switch
        {
            EventSourceKind.Sqs => ("sqs", resource),
            EventSourceKind.Kinesis => ("kinesis", resource["stream/".Length..]),
            EventSourceKind.DynamoDb => ("dynamodb", resource["table/".Length..resource.IndexOf("/stream/", StringComparison.Ordinal)]),
            _ => ("unknown", resource),
        };
    }

    private static Dictionary<string, string> Settings(EventSourceMapping mapping)
    {
        var settings = new Dictionary<string, string>();
        void Add(string name, object? value)
        {
            if (value is not null)
                settings[name] = Convert.ToString(value, CultureInfo.InvariantCulture)!;
        }

        Add("BatchSize", mapping.BatchSize);
        Add("MaximumBatchingWindowInSeconds", mapping.MaximumBatchingWindowInSeconds);
        Add("MaximumConcurrency", mapping.MaximumConcurrency);
        Add("StartingPosition", mapping.StartingPosition);
        Add("ParallelizationFactor", mapping.ParallelizationFactor);
        Add("MaximumRetryAttempts", mapping.MaximumRetryAttempts);
        Add("BisectBatchOnFunctionError", mapping.BisectBatchOnFunctionError);
        if (mapping.FunctionResponseTypes.Count > 0)
            settings["FunctionResponseTypes"] = string.Join(", ", mapping.FunctionResponseTypes);
        if (mapping.FilterPatterns.Count > 0)
            settings["FilterCriteria"] = string.Join(" | ", mapping.FilterPatterns);
        return settings;
    }
}
