using System.Text.Json.Serialization;

namespace Platform.Triggers.Mappings;

/// <summary>How a mapping is stored (source-generated: no reflection at start).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventSourceMapping))]
internal sealed partial class MappingJsonContext : JsonSerializerContext;
