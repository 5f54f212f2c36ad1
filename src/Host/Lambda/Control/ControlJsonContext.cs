using System.Text.Json.Serialization;

namespace Platform.Host.Lambda;

[JsonSerializable(typeof(FunctionVersionRecord))]
[JsonSerializable(typeof(FunctionRecord))]
[JsonSerializable(typeof(AliasRecord))]
[JsonSerializable(typeof(LayerVersionRecord))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;
