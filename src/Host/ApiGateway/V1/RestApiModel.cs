using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Host.ApiGateway.V1;

// The resources of a REST API as apigateway names them, stored and answered in one shape. The
// apigateway API writes timestamps as epoch seconds (apigatewayv2 as ISO 8601).

internal sealed record RestApi
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    [JsonConverter(typeof(EpochSeconds))]
    public DateTime CreatedDate { get; set; }
    public string? Version { get; set; }
    public List<string>? BinaryMediaTypes { get; set; }
    public string ApiKeySource { get; set; } = "HEADER";
    public RestEndpointConfiguration EndpointConfiguration { get; set; } = new();
    public Dictionary<string, string>? Tags { get; set; }
    public bool DisableExecuteApiEndpoint { get; set; }
    public string? RootResourceId { get; set; }
}

internal sealed record RestEndpointConfiguration
{
    public List<string> Types { get; set; } = ["EDGE"];
}

internal sealed record RestResource
{
    public string Id { get; set; } = "";
    public string? ParentId { get; set; }
    public string? PathPart { get; set; }
    public string Path { get; set; } = "/";
    public Dictionary<string, RestMethod>? ResourceMethods { get; set; }
}

internal sealed record RestMethod
{
    public string HttpMethod { get; set; } = "";
    public string AuthorizationType { get; set; } = "NONE";
    public string? AuthorizerId { get; set; }
    public bool ApiKeyRequired { get; set; }
    public string? OperationName { get; set; }
    public Dictionary<string, bool>? RequestParameters { get; set; }
    public RestIntegration? MethodIntegration { get; set; }
}

internal sealed record RestIntegration
{
    public string? Type { get; set; }
    public string? HttpMethod { get; set; }
    public string? Uri { get; set; }
    public string ConnectionType { get; set; } = "INTERNET";
    public string PassthroughBehavior { get; set; } = "WHEN_NO_MATCH";
    public int TimeoutInMillis { get; set; } = 29000;
    public string? CacheNamespace { get; set; }
    public List<string> CacheKeyParameters { get; set; } = [];
    public string? ContentHandling { get; set; }
}

internal sealed record RestDeployment
{
    public string Id { get; set; } = "";
    public string? Description { get; set; }
    [JsonConverter(typeof(EpochSeconds))]
    public DateTime CreatedDate { get; set; }
}

internal sealed record RestStage
{
    public string? DeploymentId { get; set; }
    public string StageName { get; set; } = "";
    public string? Description { get; set; }
    public bool CacheClusterEnabled { get; set; }
    public string CacheClusterStatus { get; set; } = "NOT_AVAILABLE";
    public Dictionary<string, JsonElement> MethodSettings { get; set; } = [];
    public Dictionary<string, string>? Variables { get; set; }
    public bool TracingEnabled { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    [JsonConverter(typeof(EpochSeconds))]
    public DateTime CreatedDate { get; set; }
    [JsonConverter(typeof(EpochSeconds))]
    public DateTime LastUpdatedDate { get; set; }
}

/// <summary>One REST API with everything under it: one row of the database; a deployment's
/// snapshot is the resources (with their methods) a stage serves.</summary>
internal sealed record RestApiDocument
{
    public RestApi Api { get; set; } = new();
    public List<RestResource> Resources { get; set; } = [];
    public List<RestDeployment> Deployments { get; set; } = [];
    public List<RestStage> Stages { get; set; } = [];
    public Dictionary<string, List<RestResource>> Snapshots { get; set; } = [];
}

/// <summary>Epoch seconds with milliseconds, as the apigateway API writes its timestamps.</summary>
internal sealed class EpochSeconds : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(reader.GetDouble() * 1000)).UtcDateTime;

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteRawValue((new DateTimeOffset(value, TimeSpan.Zero).ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture));
}
