namespace Platform.Host.ApiGateway.V2;

// The resources of an HTTP API as apigatewayv2 names them: each record is at once what the API
// stores and what it answers (camelCase JSON, absent members left out), so a field cannot be
// stored under one name and returned under another. Setters, not init: System.Text.Json's source
// generator sets every init-only property, so a member absent from a request would lose its default.

internal sealed record HttpApi
{
    public string? ApiEndpoint { get; set; }
    public bool? ApiGatewayManaged { get; set; }
    public string ApiId { get; set; } = "";
    public string ApiKeySelectionExpression { get; set; } = "$request.header.x-api-key";
    public HttpApiCors? CorsConfiguration { get; set; }
    public DateTime CreatedDate { get; set; }
    public string? Description { get; set; }
    public bool DisableExecuteApiEndpoint { get; set; }
    public bool? DisableSchemaValidation { get; set; }
    public string Name { get; set; } = "";
    public string ProtocolType { get; set; } = "HTTP";
    public string RouteSelectionExpression { get; set; } = "$request.method $request.path";
    public Dictionary<string, string> Tags { get; set; } = [];
    public string? Version { get; set; }
}

internal sealed record HttpApiCors
{
    public bool? AllowCredentials { get; set; }
    public List<string>? AllowHeaders { get; set; }
    public List<string>? AllowMethods { get; set; }
    public List<string>? AllowOrigins { get; set; }
    public List<string>? ExposeHeaders { get; set; }
    public int? MaxAge { get; set; }
}

internal sealed record HttpRoute
{
    public bool? ApiGatewayManaged { get; set; }
    public bool ApiKeyRequired { get; set; }
    public List<string>? AuthorizationScopes { get; set; }
    public string AuthorizationType { get; set; } = "NONE";
    public string? AuthorizerId { get; set; }
    public string? OperationName { get; set; }
    public string RouteId { get; set; } = "";
    public string RouteKey { get; set; } = "";
    public string? Target { get; set; }
}

internal sealed record HttpIntegration
{
    public bool? ApiGatewayManaged { get; set; }
    public string ConnectionType { get; set; } = "INTERNET";
    public string? Description { get; set; }
    public string IntegrationId { get; set; } = "";
    public string? IntegrationMethod { get; set; }
    public string? IntegrationType { get; set; }
    public string? IntegrationUri { get; set; }
    public string? PayloadFormatVersion { get; set; }
    public Dictionary<string, string>? RequestParameters { get; set; }
    public int TimeoutInMillis { get; set; } = 30000;
}

internal sealed record HttpStage
{
    public bool? ApiGatewayManaged { get; set; }
    public bool AutoDeploy { get; set; }
    public DateTime CreatedDate { get; set; }
    public HttpRouteSettings DefaultRouteSettings { get; set; } = new();
    public string? DeploymentId { get; set; }
    public string? Description { get; set; }
    public string? LastDeploymentStatusMessage { get; set; }
    public DateTime LastUpdatedDate { get; set; }
    public Dictionary<string, HttpRouteSettings> RouteSettings { get; set; } = [];
    public string StageName { get; set; } = "";
    public Dictionary<string, string> StageVariables { get; set; } = [];
    public Dictionary<string, string> Tags { get; set; } = [];
}

internal sealed record HttpRouteSettings
{
    public bool DetailedMetricsEnabled { get; set; }
    public int? ThrottlingBurstLimit { get; set; }
    public double? ThrottlingRateLimit { get; set; }
}

internal sealed record HttpAuthorizer
{
    public string? AuthorizerCredentialsArn { get; set; }
    public string AuthorizerId { get; set; } = "";
    public string? AuthorizerPayloadFormatVersion { get; set; }
    public int? AuthorizerResultTtlInSeconds { get; set; }
    public string? AuthorizerType { get; set; }
    public string? AuthorizerUri { get; set; }
    public bool? EnableSimpleResponses { get; set; }
    public List<string>? IdentitySource { get; set; }
    public string? IdentityValidationExpression { get; set; }
    public HttpJwtConfiguration? JwtConfiguration { get; set; }
    public string Name { get; set; } = "";
}

internal sealed record HttpJwtConfiguration
{
    public List<string>? Audience { get; set; }
    public string? Issuer { get; set; }
}

internal sealed record HttpDeployment
{
    public bool AutoDeployed { get; set; }
    public DateTime CreatedDate { get; set; }
    public string DeploymentId { get; set; } = "";
    public string DeploymentStatus { get; set; } = "DEPLOYED";
    public string? Description { get; set; }
}

/// <summary>What a deployment froze: the routes, integrations and authorizers a stage serves until
/// the next deployment (stored beside the deployment, never returned by the API).</summary>
internal sealed record HttpDeploymentSnapshot
{
    public List<HttpRoute> Routes { get; set; } = [];
    public List<HttpIntegration> Integrations { get; set; } = [];
    public List<HttpAuthorizer> Authorizers { get; set; } = [];
}

/// <summary>One HTTP API with everything under it: one row of the database.</summary>
internal sealed record HttpApiDocument
{
    public HttpApi Api { get; set; } = new();
    public List<HttpRoute> Routes { get; set; } = [];
    public List<HttpIntegration> Integrations { get; set; } = [];
    public List<HttpStage> Stages { get; set; } = [];
    public List<HttpAuthorizer> Authorizers { get; set; } = [];
    public List<HttpDeployment> Deployments { get; set; } = [];
    public Dictionary<string, HttpDeploymentSnapshot> Snapshots { get; set; } = [];

    /// <summary>Declared by platform.yaml (`http:` triggers): read-only through the API.</summary>
    public bool Declared { get; set; }
}
