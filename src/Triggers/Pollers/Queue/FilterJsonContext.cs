using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Platform.Triggers.Pollers.Queue;

[JsonSerializable(typeof(JsonObject))]
internal sealed partial class FilterJsonContext : JsonSerializerContext;
