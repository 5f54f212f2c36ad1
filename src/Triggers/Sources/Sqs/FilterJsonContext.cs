using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Platform.Triggers.Sources.Sqs;

[JsonSerializable(typeof(JsonObject))]
internal sealed partial class FilterJsonContext : JsonSerializerContext;
