using System.Text.Json.Serialization;

namespace Platform.Host.Lambda;

[JsonSerializable(typeof(FunctionUrlConfig))]
[JsonSerializable(typeof(string))]
internal sealed partial class UrlJsonContext : JsonSerializerContext;
