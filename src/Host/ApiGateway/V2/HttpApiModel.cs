namespace Platform.Host.ApiGateway.V2;

// The resources of an HTTP API as apigatewayv2 names them: each record is at once what the API
// stores and what it answers (camelCase JSON, absent members left out), so a field cannot be
// stored under one name and returned under another.

internal sealed record HttpApi
{
    public string? ApiEndpoint { get; init; }
    public bool? ApiGatewayManaged { get; init; }
    public string ApiId { get; init; } = "";
    public string ApiKeySelectionExpression { get; init; } = "$request.header.x-api-key";
    public HttpApiCors? CorsConfiguration { get; init; }
    public DateTime CreatedDate { get; init; }
    public string? Description { get; init; }
    public bool DisableExecuteApiEndpoint { get; init; }
    public bool? DisableSchemaValidation { get; init; }
    public string Name { get; init; } = "";
    public string ProtocolType { get; init; } = "HTTP";
    public string RouteSelectionExpression { get; init; } = "$request.method $request.path";
    public Dictionary<string, string> Tags { get; init; } = [];
    public string? Version { get; init; }
}

internal sealed record HttpApiCors
{
    public bool? AllowCredentials { get; init; }
    public List<string>? AllowHeaders { get; init; }
    public List<string>? AllowMethods { get; init; }
    public List<string>? AllowOrigins { get; init; }
    public List<string>? ExposeHeaders { get; init; }
    public int? MaxAge { get; init; }
}

internal sealed record HttpRoute
{
    public bool? ApiGatewayManaged { get; init; }
    public bool ApiKeyRequired { get; init; }
    public List<string>? AuthorizationScopes { get; init; }
    public string AuthorizationType { get; init; } = "NONE";
    public string? AuthorizerId { get; init; }
    public string? OperationName { get; init; }
    public string RouteId { get; init; } = "";
    public string RouteKey { get; init; } = "";
    public string? Target { get; init; }
}

internal sealed record HttpIntegration
{
    public bool? ApiGatewayManaged { get; init; }
    public string ConnectionType { get; init; } = "INTERNET";
    public string? Description { get; init; }
    public string IntegrationId { get; init; } = "";
    public string? IntegrationMethod { get; init; }
    public string? IntegrationType { get; init; }
    public string? IntegrationUri { get; init; }
    public string? PayloadFormatVersion { get; init; }
    public Dictionary<string, string>? RequestParameters { get; init; }
    public int TimeoutInMillis { get; init; } = 30000;
}

internal sealed record HttpStage
{
    public bool? ApiGatewayManaged { get; init; }
    public bool AutoDeploy { get; init; }
    public DateTime CreatedDate { get; init; }
    public HttpRouteSettings DefaultRouteSettings { get; init; } = new();
    public string? DeploymentId { get; init; }
    public string? Description { get; init; }
    public string? LastDeploymentStatusMessage { get; init; }
    public DateTime LastUpdatedDate { get; init; }
    public Dictionary<string, HttpRouteSettings> RouteSettings { get; init; } = [];
    public string StageName { get; init; } = "";
    public Dictionary<string, string> StageVariables { get; init; } = [];
    public Dictionary<string, string> Tags { get; init; } = [];
}

internal sealed record HttpRouteSettings
{
    public bool DetailedMetricsEnabled { get; init; }
    public int? ThrottlingBurstLimit { get; init; }
    public double? ThrottlingRateLimit { get; init; }
}

internal sealed record HttpAuthorizer
{
    public string? AuthorizerCredentialsArn { get; init; }
    public string AuthorizerId { get; init; } = "";
    public string? AuthorizerPayloadFormatVersion { get; init; }
    public int? AuthorizerResultTtlInSeconds { get; init; }
    public string? AuthorizerType { get; init; }
    public string? AuthorizerUri { get; init; }
    public bool? EnableSimpleResponses { get; init; }
    public List<string>? IdentitySource { get; init; }
    public string? IdentityValidationExpression { get; init; }
    public HttpJwtConfiguration? JwtConfiguration { get; init; }
    public string Name { get; init; } = "";
}

internal sealed record HttpJwtConfiguration
{
    public List<string>? Audience { get; init; }
    public string? Issuer { get; init; }
}

internal sealed record HttpDeployment
{
    public bool AutoDeployed { get; init; }
    public DateTime CreatedDate { get; init; }
    public string DeploymentId { get; init; } = "";
    public string DeploymentStatus { get; init; } = "DEPLOYED";
    public string? Description { get; init; }
}

/// <summary>What a deployment froze: the routes, integrations and authorizers a stage serves until
/// the next deployment (stored beside the deployment, never returned by the API).</summary>
internal sealed record HttpDeploymentSnapshot
{
    public List<HttpRoute> Routes { get; init; } = [];
    public List<HttpIntegration> Integrations { get; init; } = [];
    public List<HttpAuthorizer> Authorizers { get; init; } = [];
}

/// <summary>One HTTP API with everything under it: one row of the database.</summary>
internal sealed record HttpApiDocument
{
    public HttpApi Api { get; init; } = new();
    public List<HttpRoute> Routes { get; init; } = [];
    public List<HttpIntegration> Integrations { get; init; } = [];
    public List<HttpStage> Stages { get; init; } = [];
    public List<HttpAuthorizer> Authorizers { get; init; } = [];
    public List<HttpDeployment> Deployments { get; init; } = [];
    public Dictionary<string, HttpDeploymentSnapshot> Snapshots { get; init; } = [];

    /// <summary>Declared by platform.yaml (`http:` triggers): read-only through the API.</summary>
    public bool Declared { get; init; }
}
