using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Host.ApiGateway;

namespace Platform.Host.Lambda;

/// <summary>What a function URL puts in the shared payload 2.0 event: its URL id as the API, the
/// caller's account only when signed (<c>anonymous</c> otherwise) and then an IAM authorizer.</summary>
internal static class FunctionUrlEvent
{
    public static HttpEventSource Source(HttpRequest request, FunctionUrlConfig config, string rawPath, string region, string accountId,
        string requestId, DateTimeOffset now, ReadOnlyMemory<byte> body)
    {
        var signed = config.AuthType == "AWS_IAM";
        return new HttpEventSource
        {
            Request = request,
            RawPath = rawPath,
            Path = rawPath,
            ApiId = config.UrlId,
            AccountId = signed ? accountId : "anonymous",
            DomainName = FunctionUrlAddress.DomainName(config.UrlId, region),
            DomainPrefix = config.UrlId,
            RequestId = requestId,
            Received = now,
            Body = body,
            WriteAuthorizer = signed ? json => WriteIamAuthorizer(json, request, accountId) : null,
        };
    }

    // Lambda fills authorizer.iam from the verified signature; here from the credential the request names.
    private static void WriteIamAuthorizer(Utf8JsonWriter json, HttpRequest request, string accountId)
    {
        var authorization = request.Headers.Authorization.ToString();
        var credential = authorization.Split(' ', ',').FirstOrDefault(p => p.StartsWith("Credential=", StringComparison.Ordinal))?["Credential=".Length..]
            ?? request.Query["X-Amz-Credential"].ToString();
        var accessKey = credential.Split('/')[0];
        json.WriteStartObject();
        json.WriteStartObject("iam");
        json.WriteString("accessKey", accessKey);
        json.WriteString("accountId", accountId);
        json.WriteString("callerId", accessKey);
        json.WriteNull("cognitoIdentity");
        json.WriteNull("principalOrgId");
        json.WriteString("userArn", $"arn:aws:iam::{accountId}:root");
        json.WriteString("userId", accountId);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
