using System.Text.Json.Serialization;

namespace Platform.Emulators.Tables.Engine;

[JsonSerializable(typeof(TableDefinition))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TableJsonContext : JsonSerializerContext;
