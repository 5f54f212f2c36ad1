using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Lambda.Control;
using Platform.IntegrationTests.Support;
using static Platform.IntegrationTests.ApiGateway.ApiGatewayKit;

namespace Platform.IntegrationTests.ApiGateway;

/// <summary>HTTP API authorizers configured with boto3 and called with curl: a Lambda REQUEST
/// authorizer answering simple responses (2.0) and one answering IAM policies (1.0), allowing and
/// denying, a missing identity source refused without invoking; a JWT authorizer checking a token
/// signed with a key the test serves as its JWKS.</summary>
public sealed class HttpApiAuthorizerTests
{
    [Fact]
    public async Task Lambda_and_jwt_authorizers_allow_and_deny_as_api_gateway()
    {
        using var rsa = RSA.Create(2048);
        using var issuer = new JwksServer(rsa);
        await using var platform = await ControlPlatform.StartAsync();
        await CreatePythonAsync(platform, "backend", Backend);
        await CreatePythonAsync(platform, "authorizer", Authorizer);

        var result = await platform.Boto3Async($$"""
            import boto3, json, os
            c = boto3.client("apigatewayv2", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
            api = c.create_api(Name="secured", ProtocolType="HTTP")["ApiId"]
            target = "integrations/" + c.create_integration(ApiId=api, IntegrationType="AWS_PROXY",
                IntegrationUri="{{FunctionArn("backend")}}", PayloadFormatVersion="2.0")["IntegrationId"]
            uri = "{{InvocationUri("authorizer")}}"
            simple = c.create_authorizer(ApiId=api, Name="simple", AuthorizerType="REQUEST", AuthorizerUri=uri,
                AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True, IdentitySource=["$request.header.X-Token"])
            policy = c.create_authorizer(ApiId=api, Name="policy", AuthorizerType="REQUEST", AuthorizerUri=uri,
                AuthorizerPayloadFormatVersion="1.0", IdentitySource=["$request.querystring.token"])
            jwt = c.create_authorizer(ApiId=api, Name="jwt", AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"],
                JwtConfiguration={"Issuer": "{{issuer.Issuer}}", "Audience": ["shop"]})
            c.create_route(ApiId=api, RouteKey="GET /simple", Target=target, AuthorizationType="CUSTOM", AuthorizerId=simple["AuthorizerId"])
            c.create_route(ApiId=api, RouteKey="GET /policy", Target=target, AuthorizationType="CUSTOM", AuthorizerId=policy["AuthorizerId"])
            c.create_route(ApiId=api, RouteKey="GET /jwt", Target=target, AuthorizationType="JWT", AuthorizerId=jwt["AuthorizerId"])
            c.create_route(ApiId=api, RouteKey="GET /scoped", Target=target, AuthorizationType="JWT", AuthorizerId=jwt["AuthorizerId"],
                AuthorizationScopes=["orders:write"])
            c.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
            got = c.get_authorizer(ApiId=api, AuthorizerId=simple["AuthorizerId"])
            assert got["EnableSimpleResponses"] is True and got["IdentitySource"] == ["$request.header.X-Token"], got
            try:
                c.create_route(ApiId=api, RouteKey="GET /x", Target=target, AuthorizationType="CUSTOM", AuthorizerId="nope00")
                raise SystemExit("a route with an unknown authorizer was accepted")
            except c.exceptions.BadRequestException:
                pass
            print(api)
            """);
        var api = result.EnsureSuccess().StandardOutput.Trim();
        var url = $"http://127.0.0.1:{platform.Port}/_aws/execute-api/{api}/$default";

        // Simple responses: allowed with the authorizer's context in requestContext.authorizer.lambda.
        var (status, _, body) = await CurlAsync(url + "/simple", "-H", "X-Token: allow");
        Assert.Equal(200, status);
        var authorizer = Json(body).GetProperty("requestContext").GetProperty("authorizer").GetProperty("lambda");
        Assert.Equal(("alice", 1), (authorizer.Text("user"), authorizer.GetProperty("n").GetInt32()));
        (status, _, body) = await CurlAsync(url + "/simple", "-H", "X-Token: deny");
        Assert.Equal((403, """{"message":"Forbidden"}"""), (status, body));

        // A missing identity source is a 401 and the authorizer does not run.
        using var admin = new PlatformAdminClient(platform.Endpoint);
        var before = (await admin.GetAsync("/_platform/invocations?function=authorizer")).GetArrayLength();
        (status, _, body) = await CurlAsync(url + "/simple");
        Assert.Equal((401, """{"message":"Unauthorized"}"""), (status, body));
        Assert.Equal(before, (await admin.GetAsync("/_platform/invocations?function=authorizer")).GetArrayLength());

        // IAM policy responses (payload 1.0): Allow on the method ARN passes, Deny is a 403.
        (status, _, _) = await CurlAsync(url + "/policy?token=allow");
        Assert.Equal(200, status);
        (status, _, _) = await CurlAsync(url + "/policy?token=deny");
        Assert.Equal(403, status);

        // JWT: a token signed by the issuer's key with the right audience passes, with its claims.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var good = issuer.Token(new { iss = issuer.Issuer, aud = "shop", sub = "u-1", scope = "orders:read", exp = now + 300 });
        (status, _, body) = await CurlAsync(url + "/jwt", "-H", "Authorization: Bearer " + good);
        Assert.Equal(200, status);
        var jwt = Json(body).GetProperty("requestContext").GetProperty("authorizer").GetProperty("jwt");
        Assert.Equal(("u-1", "shop"), (jwt.GetProperty("claims").Text("sub"), jwt.GetProperty("claims").Text("aud")));
        foreach (var bad in new[]
        {
            issuer.Token(new { iss = issuer.Issuer, aud = "other", sub = "u-1", exp = now + 300 }),
            issuer.Token(new { iss = issuer.Issuer, aud = "shop", sub = "u-1", exp = now - 10 }),
            issuer.Token(new { iss = "http://elsewhere", aud = "shop", sub = "u-1", exp = now + 300 }),
            good[..^4] + (good[^4..] == "AAAA" ? "BBBB" : "AAAA"),
        })
        {
            (status, var head, body) = await CurlAsync(url + "/jwt", "-H", "Authorization: Bearer " + bad);
            Assert.Equal((401, """{"message":"Unauthorized"}"""), (status, body));
            Assert.Contains("www-authenticate: Bearer", head, StringComparison.OrdinalIgnoreCase);
        }
        (status, _, _) = await CurlAsync(url + "/jwt");
        Assert.Equal(401, status);
        (status, _, _) = await CurlAsync(url + "/scoped", "-H", "Authorization: Bearer " + good);
        Assert.Equal(403, status);
        var writer = issuer.Token(new { iss = issuer.Issuer, aud = "shop", sub = "u-1", scope = "orders:read orders:write", exp = now + 300 });
        (status, _, _) = await CurlAsync(url + "/scoped", "-H", "Authorization: Bearer " + writer);
        Assert.Equal(200, status);
    }

    /// <summary>An OpenID issuer on a loopback port: its discovery document and JWKS, and tokens signed with its key.</summary>
    private sealed class JwksServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly RSA _key;
        private readonly Task _serving;

        public JwksServer(RSA key)
        {
            _key = key;
            var port = PlatformProcess.FreePort();
            Issuer = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Issuer + "/");
            _listener.Start();
            _serving = ServeAsync();
        }

        public string Issuer { get; }

        public string Token(object claims)
        {
            var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid = "k1" }));
            var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
            var signature = _key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return $"{header}.{payload}.{Base64Url(signature)}";
        }

        private async Task ServeAsync()
        {
            var parameters = _key.ExportParameters(false);
            var jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", kid = "k1", use = "sig", alg = "RS256",
                n = Base64Url(parameters.Modulus!), e = Base64Url(parameters.Exponent!) } } });
            var discovery = JsonSerializer.Serialize(new { issuer = Issuer, jwks_uri = Issuer + "/jwks.json" });
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                var text = context.Request.Url!.AbsolutePath switch
                {
                    "/.well-known/openid-configuration" => discovery,
                    "/jwks.json" => jwks,
                    _ => null,
                };
                context.Response.StatusCode = text is null ? 404 : 200;
                var bytes = Encoding.UTF8.GetBytes(text ?? "");
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
