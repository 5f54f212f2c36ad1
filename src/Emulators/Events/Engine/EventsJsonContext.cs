using System.Text.Json.Serialization;

namespace Platform.Emulators.Events.Engine;

/// <summary>Source-generated JSON for the few values the engine serializes (no reflection at start-up).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class EventsJsonContext : JsonSerializerContext;
