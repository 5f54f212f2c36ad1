using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Emulators.Storage.Engine;

/// <summary>How the engine stores object metadata and notification configurations in SQLite:
/// source-generated, so neither the first PUT nor the start-up pays for reflection metadata.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ObjectMetadata))]
[JsonSerializable(typeof(NotificationConfiguration))]
[JsonSerializable(typeof(List<CorsRule>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
