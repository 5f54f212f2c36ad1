using System.Text.Json.Serialization;
using Platform.Host.ApiGateway.V1;
using Platform.Host.ApiGateway.V2;

namespace Platform.Host.ApiGateway;

/// <summary>API Gateway's JSON: camelCase members, absent ones left out — the wire shape of both
/// APIs and the stored shape of their documents.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(HttpApiDocument))]
[JsonSerializable(typeof(HttpApi))]
[JsonSerializable(typeof(HttpRoute))]
[JsonSerializable(typeof(HttpIntegration))]
[JsonSerializable(typeof(HttpStage))]
[JsonSerializable(typeof(HttpAuthorizer))]
[JsonSerializable(typeof(HttpDeployment))]
[JsonSerializable(typeof(HttpApiCors))]
[JsonSerializable(typeof(RestApiDocument))]
[JsonSerializable(typeof(RestApi))]
[JsonSerializable(typeof(RestResource))]
[JsonSerializable(typeof(RestMethod))]
[JsonSerializable(typeof(RestIntegration))]
[JsonSerializable(typeof(RestDeployment))]
[JsonSerializable(typeof(RestStage))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ApiGatewayJsonContext : JsonSerializerContext;
