using System.Net;
using System.Net.Http.Headers;
using Platform.IntegrationTests.Lambda.Control;
using static Platform.IntegrationTests.ApiGateway.ApiGatewayKit;

namespace Platform.IntegrationTests.ApiGateway;

/// <summary>Issue 18's HTTP APIs as a user starts with them: `aws apigatewayv2 create-api --target`
/// (quick create) in front of a Python and a Node function deployed from zips, called through the
/// path form with HttpClient and the Host-based form with curl; the payload 2.0 event checked field by
/// field against AWS's documented example; the API survives a restart.</summary>
public sealed class HttpApiQuickCreateTests
{
    [Fact]
    public async Task Quick_create_serves_python_and_node_functions_with_the_payload_2_0_event_and_survives_a_restart()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var cli = platform.Cli;
        await CreatePythonAsync(platform, "py", Backend);
        await CreateAsync(platform, "node", "nodejs20.x", "index.handler", platform.Zip("node.zip", ("index.mjs",
            "export const handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ node: true, routeKey: event.routeKey, id: event.pathParameters?.id ?? null }) });\n", false)));

        var created = Json(await cli.RunOkAsync("apigatewayv2", "create-api", "--name", "shop", "--protocol-type", "HTTP", "--target", FunctionArn("py")));
        var api = created.Text("ApiId");
        Assert.Matches("^[a-z0-9]{10}$", api);
        Assert.Equal($"http://{api}.execute-api.localhost:{platform.Port}", created.Text("ApiEndpoint"));
        Assert.Equal("HTTP", created.Text("ProtocolType"));
        Assert.Equal("$request.method $request.path", created.Text("RouteSelectionExpression"));

        // Quick create made a $default route, an AWS_PROXY 2.0 integration and a $default stage that auto-deploys, all managed.
        var route = Json(await cli.RunOkAsync("apigatewayv2", "get-routes", "--api-id", api)).GetProperty("Items").EnumerateArray().Single();
        Assert.Equal(("$default", true), (route.Text("RouteKey"), route.GetProperty("ApiGatewayManaged").GetBoolean()));
        var integration = Json(await cli.RunOkAsync("apigatewayv2", "get-integrations", "--api-id", api)).GetProperty("Items").EnumerateArray().Single();
        Assert.Equal(("AWS_PROXY", "2.0", FunctionArn("py"), 30000), (integration.Text("IntegrationType"), integration.Text("PayloadFormatVersion"),
            integration.Text("IntegrationUri"), integration.GetProperty("TimeoutInMillis").GetInt32()));
        Assert.Equal("integrations/" + integration.Text("IntegrationId"), route.Text("Target"));
        var stage = Json(await cli.RunOkAsync("apigatewayv2", "get-stage", "--api-id", api, "--stage-name", "$default"));
        Assert.True(stage.GetProperty("AutoDeploy").GetBoolean());
        Assert.False(string.IsNullOrEmpty(stage.Text("DeploymentId")));

        // The path form, through HttpClient: every member of AWS's example event.
        // UseCookies off: the request carries the Cookie header it is given.
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false });
        var baseUrl = $"http://127.0.0.1:{platform.Port}/_aws/execute-api/{api}/$default";
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/orders/42?x=1&x=2&y=z")
        {
            Content = new StringContent("""{"id":1}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", "a=1; b=2");
        request.Headers.TryAddWithoutValidation("X-Multi", ["1", "2"]);
        request.Headers.UserAgent.ParseAdd("api-test/1.0");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Apigw-Requestid"));
        var e = Json(await response.Content.ReadAsStringAsync());
        Assert.Equal(["version", "routeKey", "rawPath", "rawQueryString", "cookies", "headers", "queryStringParameters", "requestContext", "body", "isBase64Encoded"],
            e.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(("2.0", "$default", "/orders/42", "x=1&x=2&y=z"), (e.Text("version"), e.Text("routeKey"), e.Text("rawPath"), e.Text("rawQueryString")));
        Assert.Equal(["a=1", "b=2"], e.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()!).ToArray());
        var headers = e.GetProperty("headers");
        // HttpClient sends both values on one header line ("1, 2"): API Gateway passes a line as it came
        // (it joins only repeated header lines with a comma).
        Assert.Equal("1, 2", headers.Text("x-multi"));
        Assert.Equal("127.0.0.1", headers.Text("x-forwarded-for"));
        Assert.False(headers.TryGetProperty("cookie", out _));
        Assert.Equal(("1,2", "z"), (e.GetProperty("queryStringParameters").Text("x"), e.GetProperty("queryStringParameters").Text("y")));
        var context = e.GetProperty("requestContext");
        Assert.Equal(["accountId", "apiId", "domainName", "domainPrefix", "http", "requestId", "routeKey", "stage", "time", "timeEpoch"],
            context.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal((Account, api, $"{api}.execute-api.localhost", api), (context.Text("accountId"), context.Text("apiId"), context.Text("domainName"), context.Text("domainPrefix")));
        var http = context.GetProperty("http");
        Assert.Equal(("POST", "/orders/42", "HTTP/1.1", "127.0.0.1", "api-test/1.0"),
            (http.Text("method"), http.Text("path"), http.Text("protocol"), http.Text("sourceIp"), http.Text("userAgent")));
        Assert.Equal(response.Headers.GetValues("Apigw-Requestid").Single(), context.Text("requestId"));
        Assert.Equal(("$default", "$default"), (context.Text("routeKey"), context.Text("stage")));
        Assert.Matches(@"^\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000$", context.Text("time"));
        Assert.InRange(context.GetProperty("timeEpoch").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(("""{"id":1}""", false), (e.Text("body"), e.GetProperty("isBase64Encoded").GetBoolean()));

        // The Host-based form through curl: the $default stage needs no stage segment.
        var (status, _, body) = await CurlAsync($"http://{api}.execute-api.localhost:{platform.Port}/x/y", "-H", "User-Agent: curl-test");
        Assert.Equal(200, status);
        e = Json(body);
        Assert.Equal(("/x/y", $"{api}.execute-api.localhost:{platform.Port}"), (e.Text("rawPath"), e.GetProperty("headers").Text("host")));
        Assert.False(e.TryGetProperty("body", out _));

        // A binary body goes base64-encoded to the function and comes back decoded.
        var binary = new ByteArrayContent([0, 1, 2, 255]);
        binary.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        response = await client.PostAsync(baseUrl + "/bin", binary);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([255, 2, 1, 0], await response.Content.ReadAsByteArrayAsync());

        // A second API quick-created with a route key in front of the Node function.
        var nodeApi = Json(await cli.RunOkAsync("apigatewayv2", "create-api", "--name", "node", "--protocol-type", "HTTP",
            "--target", FunctionArn("node"), "--route-key", "GET /orders/{id}")).Text("ApiId");
        (status, _, body) = await CurlAsync($"http://{nodeApi}.execute-api.localhost:{platform.Port}/orders/7");
        Assert.Equal(200, status);
        Assert.Equal(("GET /orders/{id}", "7"), (Json(body).Text("routeKey"), Json(body).Text("id")));
        (status, _, body) = await CurlAsync($"http://{nodeApi}.execute-api.localhost:{platform.Port}/other");
        Assert.Equal((404, """{"message":"Not Found"}"""), (status, body));

        // Stored in the platform's database: a restart serves the same APIs.
        await platform.RestartAsync();
        (status, _, body) = await CurlAsync($"http://127.0.0.1:{platform.Port}/_aws/execute-api/{nodeApi}/$default/orders/8");
        Assert.Equal((200, "8"), (status, Json(body).Text("id")));
        Assert.Equal(2, Json(await platform.Cli.RunOkAsync("apigatewayv2", "get-apis")).GetProperty("Items").GetArrayLength());
        await platform.Cli.RunOkAsync("apigatewayv2", "delete-api", "--api-id", api);
        Assert.Contains("NotFoundException", (await platform.Cli.RunAsync("apigatewayv2", "get-api", "--api-id", api)).StandardError);
        (status, _, _) = await CurlAsync($"http://127.0.0.1:{platform.Port}/_aws/execute-api/{api}/$default/orders/8");
        Assert.Equal(404, status);
    }
}
