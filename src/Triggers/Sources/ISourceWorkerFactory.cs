using Platform.Triggers.Mappings;

namespace Platform.Triggers.Sources;

/// <summary>What an event source with mappings implements (with <see cref="ISourceWorker"/>): it
/// validates its mappings — for the Lambda API and platform.yaml alike — and creates their workers,
/// which the one <c>TriggerSupervisor</c> runs, picking the factory by <see cref="EventSourceMapping.Kind"/>.
/// Registered in DI as <c>IEnumerable&lt;ISourceWorkerFactory&gt;</c> (see docs/architecture.md, "How to
/// add an event source").</summary>
public interface ISourceWorkerFactory
{
    EventSourceKind Kind { get; }

    /// <summary>Checks the mapping against AWS's rules for this kind (limits, defaults, function
    /// timeout vs. visibility timeout, existence of the source) and returns it with the defaults
    /// filled in; throws <see cref="MappingValidationException"/> with AWS's message otherwise.</summary>
    EventSourceMapping Validate(EventSourceMapping mapping);

    ISourceWorker Create(EventSourceMapping mapping);
}
