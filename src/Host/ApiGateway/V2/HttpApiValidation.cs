using Platform.Host.Lambda;

namespace Platform.Host.ApiGateway.V2;

/// <summary>The checks apigatewayv2 makes on what an HTTP API holds, with its messages.</summary>
internal static class HttpApiValidation
{
    private static readonly string[] CorsMethods = ["*", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public static string InvalidRouteKey(string key) =>
        $"Unable to create route. Route key \"{key}\" is invalid: it must be $default or an HTTP method (or ANY), a space and a path starting with /.";

    public static void Cors(HttpApiCors? cors)
    {
        if (cors is null)
            return;
        if (cors.MaxAge is < -1 or > 86400)
            throw ApiGatewayException.BadRequest("MaxAge must be between -1 and 86400");
        if (cors.AllowMethods?.FirstOrDefault(m => !CorsMethods.Contains(m.ToUpperInvariant())) is { } method)
            throw ApiGatewayException.BadRequest($"Invalid CORS allow method: {method}");
        if (cors.AllowCredentials == true && cors.AllowOrigins?.Contains("*") == true)
            throw ApiGatewayException.BadRequest("Cannot use wildcard origin with allowCredentials set to true");
    }

    /// <summary>A Lambda integration's URI: the function's ARN (optionally qualified) or its
    /// API Gateway invocation URI; the function it names.</summary>
    public static (string Function, string? Qualifier) IntegrationUri(string uri)
    {
        const string prefix = ":lambda:path/2015-03-31/functions/";
        var arn = uri;
        var at = uri.IndexOf(prefix, StringComparison.Ordinal);
        if (uri.StartsWith("arn:aws:apigateway:", StringComparison.Ordinal) && at > 0 && uri.EndsWith("/invocations", StringComparison.Ordinal))
            arn = uri[(at + prefix.Length)..^"/invocations".Length];
        if (!arn.StartsWith("arn:aws:lambda:", StringComparison.Ordinal))
            throw ApiGatewayException.BadRequest($"Invalid integration URI specified: {uri}. Use a Lambda function ARN or arn:aws:apigateway:{{region}}:lambda:path/2015-03-31/functions/{{function ARN}}/invocations.");
        try
        {
            return LambdaFunctions.ParseName(arn);
        }
        catch (LambdaException)
        {
            throw ApiGatewayException.BadRequest($"Invalid integration URI specified: {uri}");
        }
    }

    public static void Integration(HttpIntegration integration)
    {
        switch (integration.IntegrationType)
        {
            case null:
                throw ApiGatewayException.BadRequest("IntegrationType is a required parameter");
            case "AWS_PROXY":
                break;
            case "HTTP_PROXY" or "AWS" or "HTTP" or "MOCK":
                throw ApiGatewayException.BadRequest($"Integration type {integration.IntegrationType} is not supported by this platform; use AWS_PROXY (a Lambda function).");
            default:
                throw ApiGatewayException.BadRequest($"Invalid integration type specified: {integration.IntegrationType}");
        }
        if (integration.IntegrationUri is not { } uri)
            throw ApiGatewayException.BadRequest("IntegrationUri is a required parameter for AWS_PROXY integrations");
        IntegrationUri(uri);
        if (integration.PayloadFormatVersion is not ("1.0" or "2.0"))
        {
            throw ApiGatewayException.BadRequest(integration.PayloadFormatVersion is null
                ? "PayloadFormatVersion is a required parameter for AWS_PROXY integrations of HTTP APIs"
                : $"Invalid payload format version specified: {integration.PayloadFormatVersion}. Must be 1.0 or 2.0.");
        }
        if (integration.TimeoutInMillis is < 50 or > 30000)
            throw ApiGatewayException.BadRequest("Timeout must be between 50 milliseconds and 30 seconds.");
    }

    public static void Authorizer(HttpAuthorizer authorizer)
    {
        if (string.IsNullOrEmpty(authorizer.Name))
            throw ApiGatewayException.BadRequest("Name is a required parameter");
        switch (authorizer.AuthorizerType)
        {
            case "REQUEST":
                if (authorizer.AuthorizerUri is not { } uri)
                    throw ApiGatewayException.BadRequest("AuthorizerUri is a required parameter for REQUEST authorizers");
                IntegrationUri(uri);
                if (authorizer.AuthorizerPayloadFormatVersion is not ("1.0" or "2.0"))
                    throw ApiGatewayException.BadRequest("AuthorizerPayloadFormatVersion must be 1.0 or 2.0 for REQUEST authorizers of HTTP APIs");
                if (authorizer.EnableSimpleResponses == true && authorizer.AuthorizerPayloadFormatVersion != "2.0")
                    throw ApiGatewayException.BadRequest("EnableSimpleResponses is only supported with AuthorizerPayloadFormatVersion 2.0");
                if (authorizer.AuthorizerResultTtlInSeconds is > 0 && authorizer.IdentitySource is not { Count: > 0 })
                    throw ApiGatewayException.BadRequest("IdentitySource is required when caching is enabled");
                break;
            case "JWT":
                if (authorizer.JwtConfiguration is not { Issuer: { } issuer } || !Uri.TryCreate(issuer, UriKind.Absolute, out _))
                    throw ApiGatewayException.BadRequest("JwtConfiguration.Issuer must be a URL for JWT authorizers");
                if (authorizer.IdentitySource is not { Count: 1 })
                    throw ApiGatewayException.BadRequest("JWT authorizers take exactly one IdentitySource");
                break;
            case null:
                throw ApiGatewayException.BadRequest("AuthorizerType is a required parameter");
            default:
                throw ApiGatewayException.BadRequest($"Invalid authorizer type specified: {authorizer.AuthorizerType}. Must be REQUEST or JWT.");
        }
        if (authorizer.IdentitySource?.FirstOrDefault(s => !s.StartsWith("$request.", StringComparison.Ordinal)
            && !s.StartsWith("$context.", StringComparison.Ordinal) && !s.StartsWith("$stageVariables.", StringComparison.Ordinal)) is { } bad)
        {
            throw ApiGatewayException.BadRequest($"Invalid identity source specified: {bad}");
        }
    }
}
