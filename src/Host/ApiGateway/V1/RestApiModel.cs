using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Host.ApiGateway.V1;

// The resources of a REST API as apigateway names them, stored and answered in one shape. The
// apigateway API writes timestamps as epoch seconds (apigatewayv2 as ISO 8601).

internal sealed record RestApi
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    [JsonConverter(typeof(EpochSeconds))]
    public DateTime CreatedDate { get; init; }
    public string? Version { get; init; }
    public List<string>? BinaryMediaTypes { get; init; }
    public string ApiKeySource { get; init; } = "HEADER";
    public RestEndpointConfiguration EndpointConfiguration { get; init; } = new();
    public Dictionary<string, string>? Tags { get; init; }
    public bool DisableExecuteApiEndpoint { get; init; }
    public string? RootResourceId { get; init; }
}

internal sealed record RestEndpointConfiguration
{
    public List<string> Types { get; init; } = ["EDGE"];
}

internal sealed record RestResource
{
    public string Id { get; init; } = "";
    public string? ParentId { get; init; }
    public string? PathPart { get; init; }
    public string Path { get; init; } = "/";
    public Dictionary<string, RestMethod>? ResourceMethods { get; init; }
}

internal sealed record RestMethod
{
    public string HttpMethod { get; init; } = "";
    public string AuthorizationType { get; init; } = "NONE";
    public string? AuthorizerId { get; init; }
    public bool ApiKeyRequired { get; init; }
    public string? OperationName { get; init; }
    public Dictionary<string, bool>? RequestParameters { get; init; }
    public RestIntegration? MethodIntegration { get; init; }
}

internal sealed record RestIntegration
{
    public string? Type { get; init; }
    public string? HttpMethod { get; init; }
    public string? Uri { get; init; }
    public string ConnectionType { get; init; } = "INTERNET";
    public string PassthroughBehavior { get; init; } = "WHEN_NO_MATCH";
    public int TimeoutInMillis { get; init; } = 29000;
    public string? CacheNamespace { get; init; }
    public List<string> CacheKeyParameters { get; init; } = [];
    public string? ContentHandling { get; init; }
}

internal sealed record RestDeployment
{
    public string Id { get; init; } = "";
    public string? Description { get; init; }
    [JsonConverter(typeof(EpochSeconds))]
    public DateTime CreatedDate { get; init; }
}

internal sealed record RestStage
{
    public string? DeploymentId { get; init; }
    public string StageName { get; init; } = "";
    public string? Description { get; init; }
    public bool CacheClusterEnabled { get; init; }
    public string CacheClusterStatus { get; init; } = "NOT_AVAILABLE";
    public Dictionary<string, JsonElement> MethodSettings { get; init; } = [];
    public Dictionary<string, string>? Variables { get; init; }
    public bool TracingEnabled { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
    [JsonConverter(typeof(EpochSeconds))]
    public DateTime CreatedDate { get; init; }
    [JsonConverter(typeof(EpochSeconds))]
    public DateTime LastUpdatedDate { get; init; }
}

/// <summary>One REST API with everything under it: one row of the database; a deployment's
/// snapshot is the resources (with their methods) a stage serves.</summary>
internal sealed record RestApiDocument
{
    public RestApi Api { get; init; } = new();
    public List<RestResource> Resources { get; init; } = [];
    public List<RestDeployment> Deployments { get; init; } = [];
    public List<RestStage> Stages { get; init; } = [];
    public Dictionary<string, List<RestResource>> Snapshots { get; init; } = [];
}

/// <summary>Epoch seconds with milliseconds, as the apigateway API writes its timestamps.</summary>
internal sealed class EpochSeconds : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(reader.GetDouble() * 1000)).UtcDateTime;

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteRawValue((new DateTimeOffset(value, TimeSpan.Zero).ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture));
}
