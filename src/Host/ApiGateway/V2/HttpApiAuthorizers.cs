using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Host.Lambda;

namespace Platform.Host.ApiGateway.V2;

/// <summary>
/// A route's authorizer before its integration runs: a Lambda REQUEST authorizer (simple responses or
/// an IAM policy; a missing identity source is a 401 without invoking it; caching off) or a JWT
/// authorizer. The verdict either refuses the request as API Gateway does or says what
/// <c>requestContext.authorizer</c> holds.
/// </summary>
internal sealed partial class HttpApiAuthorizers(LambdaProxy proxy, JwtAuthorizer jwt, ILogger<HttpApiAuthorizers> logger)
{
    public sealed record Refusal(int Status, string Message, IReadOnlyList<(string Name, string Value)> Headers);

    public sealed record Verdict(Refusal? Refusal, Action<Utf8JsonWriter>? WriteAuthorizer);

    public static readonly Refusal Unauthorized = new(401, "Unauthorized", []);
    public static readonly Refusal Forbidden = new(403, "Forbidden", []);
    private static readonly Refusal Failed = new(500, "Internal Server Error", []);

    public async Task<Verdict> AuthorizeAsync(HttpContext context, HttpDeploymentSnapshot snapshot, HttpRoute route, HttpEventSource source, bool payloadV1)
    {
        if (route.AuthorizationType is not ("CUSTOM" or "JWT"))
            return new(null, null);
        var authorizer = snapshot.Authorizers.FirstOrDefault(a => a.AuthorizerId == route.AuthorizerId);
        if (authorizer is null)
            return new(Failed, null);
        var identities = (authorizer.IdentitySource ?? []).Select(s => IdentityValue(s, source)).ToList();
        if (authorizer.AuthorizerType == "JWT")
            return await jwt.AuthorizeAsync(identities.FirstOrDefault(), authorizer, route, context.RequestAborted).ConfigureAwait(false);
        if (identities.Any(string.IsNullOrEmpty))
            return new(Unauthorized, null);
        return await InvokeLambdaAsync(context, authorizer, route, source, identities!, payloadV1).ConfigureAwait(false);
    }

    private async Task<Verdict> InvokeLambdaAsync(HttpContext context, HttpAuthorizer authorizer, HttpRoute route, HttpEventSource source,
        List<string> identities, bool payloadV1)
    {
        var routeArn = $"arn:aws:execute-api:{proxy.Region}:{proxy.AccountId}:{source.ApiId}/{source.Stage}/{source.Request.Method}{source.Path}";
        var requestEvent = JsonNode.Parse(authorizer.AuthorizerPayloadFormatVersion == "1.0"
            ? PayloadV1Event.Build(source, httpApi: true, base64: false)
            : PayloadV2Event.Build(source))!.AsObject();
        var payload = new JsonObject { ["version"] = authorizer.AuthorizerPayloadFormatVersion, ["type"] = "REQUEST" };
        if (authorizer.AuthorizerPayloadFormatVersion == "1.0")
        {
            payload["methodArn"] = routeArn;
            payload["identitySource"] = string.Join(",", identities);
            payload["authorizationToken"] = string.Join(",", identities);
        }
        else
        {
            payload["routeArn"] = routeArn;
            payload["identitySource"] = new JsonArray([.. identities.Select(i => (JsonNode)JsonValue.Create(i)!)]);
        }
        foreach (var (name, value) in requestEvent.ToList())
        {
            if (name is "version" or "body" or "isBase64Encoded")
                continue;
            requestEvent.Remove(name);
            payload[name] = value;
        }

        LambdaProxy.Result result;
        try
        {
            result = await proxy.InvokeAsync(authorizer.AuthorizerUri!, Guid.NewGuid().ToString(), payload.ToJsonString(), TimeSpan.FromSeconds(10),
                context.RequestAborted).ConfigureAwait(false);
        }
        catch (LambdaException error)
        {
            LogAuthorizerFailed(logger, authorizer.AuthorizerId, error.Message);
            return new(Failed, null);
        }
        if (result.Outcome != LambdaProxy.Outcome.Answered)
            return new(Failed, null);
        return Decide(result.Payload, authorizer, routeArn, payloadV1) ?? new(Failed, null);
    }

    /// <summary>The authorizer's answer as a verdict, or null when it is no answer API Gateway accepts.</summary>
    private static Verdict? Decide(string? payload, HttpAuthorizer authorizer, string routeArn, bool payloadV1)
    {
        JsonNode? answer;
        try
        {
            answer = JsonNode.Parse(payload ?? "null");
        }
        catch (JsonException)
        {
            return null;
        }
        if (answer is not JsonObject result)
            return null;
        var contextValues = result["context"] as JsonObject;
        bool allowed;
        if (authorizer.EnableSimpleResponses == true)
        {
            if (result["isAuthorized"] is not JsonValue flag || !flag.TryGetValue(out bool isAuthorized))
                return null;
            allowed = isAuthorized;
        }
        else
        {
            if (result["policyDocument"] is not JsonObject policy)
                return null;
            allowed = IamPolicy.Allows(policy, routeArn);
        }
        if (!allowed)
            return new(Forbidden, null);
        var principal = result["principalId"]?.ToString();
        return new(null, json =>
        {
            json.WriteStartObject();
            if (payloadV1)
            {
                if (principal is not null)
                    json.WriteString("principalId", principal);
                foreach (var (name, value) in contextValues ?? [])
                {
                    json.WritePropertyName(name);
                    if (value is null)
                        json.WriteNullValue();
                    else
                        value.WriteTo(json);
                }
                json.WriteNumber("integrationLatency", 0);
            }
            else
            {
                json.WritePropertyName("lambda");
                if (contextValues is null)
                    json.WriteNullValue();
                else
                    contextValues.WriteTo(json);
            }
            json.WriteEndObject();
        });
    }

    /// <summary>An identity source's value: <c>$request.header.X</c>, <c>$request.querystring.x</c>,
    /// <c>$context.x</c> or <c>$stageVariables.x</c>; null when the request lacks it.</summary>
    private static string? IdentityValue(string identitySource, HttpEventSource source)
    {
        var request = source.Request;
        string? Text(string? value) => string.IsNullOrEmpty(value) ? null : value;
        if (identitySource.StartsWith("$request.header.", StringComparison.OrdinalIgnoreCase))
            return Text(string.Join(",", request.Headers[identitySource["$request.header.".Length..]].ToArray()));
        if (identitySource.StartsWith("$request.querystring.", StringComparison.OrdinalIgnoreCase))
            return Text(string.Join(",", request.Query[identitySource["$request.querystring.".Length..]].ToArray()));
        if (identitySource.StartsWith("$stageVariables.", StringComparison.Ordinal))
            return source.StageVariables?.GetValueOrDefault(identitySource["$stageVariables.".Length..]);
        return identitySource switch
        {
            "$context.requestId" => source.RequestId,
            "$context.routeKey" => source.RouteKey,
            "$context.stage" => source.Stage,
            "$context.httpMethod" => request.Method,
            "$context.path" => source.RawPath,
            "$context.identity.sourceIp" => source.SourceIp,
            _ => null,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authorizer {AuthorizerId} could not be invoked: {Reason}")]
    private static partial void LogAuthorizerFailed(ILogger logger, string authorizerId, string reason);
}
