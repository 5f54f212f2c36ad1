using Platform.Triggers;
using Platform.Triggers.Sources.Async;

namespace Platform.Host.Dashboard.Topology;

/// <summary>S3 bucket notifications: bucket → notification entry → function, whose events pass the
/// function's async queue (its depth is a figure) and end, when retries run out, on its on-failure destination.</summary>
internal sealed class NotificationTopology(TriggerSupervisor triggers, IFunctionCatalog catalog, QueueDepths queues) : ITopologySource
{
    public IEnumerable<TopologyEdge> Edges()
    {
        foreach (var binding in triggers.Bindings)
        {
            var function = catalog.Functions.LastOrDefault(f => f.Name == binding.Function);
            var settings = new Dictionary<string, string> { ["events"] = string.Join(", ", binding.Events) };
            if (binding.Prefix is not null)
                settings["prefix"] = binding.Prefix;
            if (binding.Suffix is not null)
                settings["suffix"] = binding.Suffix;
            var figures = new Dictionary<string, double> { ["journalPosition"] = binding.Position };
            if (queues.Depth(AsyncInvocationQueue.QueueName(binding.Function)) is { } pending)
                figures["asyncQueueDepth"] = pending;
            var destinations = new List<TopologyDestination>();
            if (function?.Async.OnFailureDestination is { } onFailure)
                destinations.Add(new TopologyDestination("onFailure", QueueDepths.NameOf(onFailure), queues.Depth(onFailure)));
            yield return new TopologyEdge
            {
                SourceKind = "s3",
                Source = binding.Source,
                Trigger = binding.Trigger,
                ViaKind = "notification",
                ViaId = binding.Id,
                State = "Enabled",
                Healthy = binding.Healthy,
                LastError = binding.LastError,
                Settings = settings,
                Function = binding.Function,
                Destinations = destinations,
                Figures = figures,
            };
        }
    }
}
