using System.Text.Json.Serialization;

namespace Platform.Emulators.Streams.Engine;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StreamJsonContext : JsonSerializerContext;
