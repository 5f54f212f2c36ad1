using Platform.Triggers.Mappings;

namespace Platform.Triggers.Sources;

/// <summary>Creates the workers of one source kind; the mapping supervisor picks the factory by
/// <see cref="EventSourceMapping.Kind"/>. Registered in DI as <c>IEnumerable&lt;ISourceWorkerFactory&gt;</c>.</summary>
public interface ISourceWorkerFactory
{
    EventSourceKind Kind { get; }

    /// <summary>Checks the mapping against AWS's rules for this kind (limits, defaults, function
    /// timeout vs. visibility timeout, existence of the source) and returns it with the defaults
    /// filled in; throws <see cref="MappingValidationException"/> with AWS's message otherwise.</summary>
    EventSourceMapping Validate(EventSourceMapping mapping);

    ISourceWorker Create(EventSourceMapping mapping);
}
