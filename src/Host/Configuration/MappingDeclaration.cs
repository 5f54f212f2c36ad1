using Platform.Triggers.Mappings;

namespace Platform.Host.Configuration;

/// <summary>An `sqs:` or `kinesis:` trigger from platform.yaml: an event source mapping with
/// <see cref="MappingOrigins.Config"/> origin and a UUID derived from function and source.</summary>
public sealed record MappingDeclaration(EventSourceMapping Mapping, int Line)
{
    public string Uuid => Mapping.Uuid;
}
