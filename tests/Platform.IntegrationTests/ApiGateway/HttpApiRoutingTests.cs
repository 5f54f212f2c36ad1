using System.Net;
using System.Text;
using Platform.IntegrationTests.Lambda.Control;
using Platform.IntegrationTests.Support;
using static Platform.IntegrationTests.ApiGateway.ApiGatewayKit;

namespace Platform.IntegrationTests.ApiGateway;

/// <summary>An HTTP API built piece by piece with /usr/bin/aws: every route shape and AWS's precedence
/// among them, a named stage with variables, payload 1.0 checked against AWS's example event, CORS
/// preflight answered by the API, API Gateway's error answers, and the control plane's validation.</summary>
public sealed class HttpApiRoutingTests
{
    [Fact]
    public async Task Routes_match_by_precedence_through_a_named_stage_with_both_payload_formats_and_api_gateways_errors()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var cli = platform.Cli;
        await CreatePythonAsync(platform, "backend", Backend, "--timeout", "10");
        var api = Json(await cli.RunOkAsync("apigatewayv2", "create-api", "--name", "routes", "--protocol-type", "HTTP",
            "--cors-configuration", "AllowOrigins=https://app.example,AllowMethods=GET,POST,AllowHeaders=x-custom,MaxAge=300")).Text("ApiId");
        async Task<string> Integration(string version, params string[] extra) => Json(await cli.RunOkAsync([
            "apigatewayv2", "create-integration", "--api-id", api, "--integration-type", "AWS_PROXY",
            "--integration-uri", FunctionArn("backend"), "--payload-format-version", version, .. extra])).Text("IntegrationId");
        var v2 = await Integration("2.0");
        var v1 = await Integration("1.0");
        var quick = await Integration("2.0", "--timeout-in-millis", "1000");
        async Task Route(string key, string integration) =>
            await cli.RunOkAsync("apigatewayv2", "create-route", "--api-id", api, "--route-key", key, "--target", "integrations/" + integration);
        await Route("GET /orders/{id}", v2);
        await Route("GET /orders/special", v2);
        await Route("ANY /orders/{id}", v2);
        await Route("ANY /{proxy+}", v2);
        await Route("GET /files/{path+}", v2);
        await Route("POST /legacy/{id}", v1);
        await Route("GET /timeout/slow", quick);
        await Route("$default", v2);

        // Route keys are validated, with API Gateway's BadRequestException.
        foreach (var bad in new[] { "GET orders", "FETCH /x", "GET /a/{p+}/b", "GET /a/", "GET /{id}/{id}" })
            Assert.Contains("BadRequestException", (await cli.RunAsync("apigatewayv2", "create-route", "--api-id", api, "--route-key", bad)).StandardError);
        Assert.Contains("ConflictException", (await cli.RunAsync("apigatewayv2", "create-route", "--api-id", api, "--route-key", "$default")).StandardError);
        Assert.Contains("BadRequestException", (await cli.RunAsync("apigatewayv2", "create-integration", "--api-id", api, "--integration-type", "AWS_PROXY",
            "--integration-uri", FunctionArn("backend"), "--payload-format-version", "2.0", "--timeout-in-millis", "30001")).StandardError);

        // Nothing is served until a stage serves a deployment; a named stage with variables that auto-deploys.
        var (status, _, body) = await CurlAsync($"http://127.0.0.1:{platform.Port}/_aws/execute-api/{api}/dev/orders/1");
        Assert.Equal((404, """{"message":"Not Found"}"""), (status, body));
        await cli.RunOkAsync("apigatewayv2", "create-stage", "--api-id", api, "--stage-name", "dev", "--auto-deploy", "--stage-variables", "color=blue,size=9");
        var stageUrl = $"http://127.0.0.1:{platform.Port}/_aws/execute-api/{api}/dev";

        async Task<System.Text.Json.JsonElement> Event(string method, string path)
        {
            var (code, _, text) = await CurlAsync(stageUrl + path, "-X", method);
            Assert.True(code == 200, $"{method} {path}: {code} {text}");
            return Json(text);
        }
        var e = await Event("GET", "/orders/42");
        Assert.Equal(("GET /orders/{id}", "42"), (e.Text("routeKey"), e.GetProperty("pathParameters").Text("id")));
        Assert.Equal(("/dev/orders/42", "dev"), (e.Text("rawPath"), e.GetProperty("requestContext").Text("stage")));
        Assert.Equal(("blue", "9"), (e.GetProperty("stageVariables").Text("color"), e.GetProperty("stageVariables").Text("size")));
        Assert.Equal("GET /orders/special", (await Event("GET", "/orders/special")).Text("routeKey"));
        Assert.Equal("ANY /orders/{id}", (await Event("DELETE", "/orders/42")).Text("routeKey"));
        e = await Event("PUT", "/orders/42/items/7");
        Assert.Equal(("ANY /{proxy+}", "orders/42/items/7"), (e.Text("routeKey"), e.GetProperty("pathParameters").Text("proxy")));
        e = await Event("GET", "/files/a/b%20c.txt");
        Assert.Equal(("GET /files/{path+}", "a/b c.txt"), (e.Text("routeKey"), e.GetProperty("pathParameters").Text("path")));
        Assert.Equal("$default", (await Event("GET", "/")).Text("routeKey"));

        // Payload 1.0 through the Host-based form with the stage segment: AWS's example event member by member.
        (status, var head, body) = await CurlAsync($"http://{api}.execute-api.localhost:{platform.Port}/dev/legacy/5?a=1&a=2&b=3", "-X", "POST",
            "-H", "X-Multi: 1", "-H", "X-Multi: 2", "-H", "Content-Type: text/plain", "--data-binary", "hello");
        Assert.Equal(200, status);
        Assert.Contains("x-one: 1", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("x-many: a", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("x-many: b", head, StringComparison.OrdinalIgnoreCase);
        e = Json(body);
        Assert.Equal(["version", "resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters",
            "pathParameters", "stageVariables", "requestContext", "body", "isBase64Encoded"], e.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(("1.0", "/legacy/{id}", "/legacy/5", "POST"), (e.Text("version"), e.Text("resource"), e.Text("path"), e.Text("httpMethod")));
        Assert.Equal("2", e.GetProperty("headers").Text("X-Multi"));
        Assert.Equal(["1", "2"], e.GetProperty("multiValueHeaders").GetProperty("X-Multi").EnumerateArray().Select(v => v.GetString()!).ToArray());
        Assert.Equal(("2", "3"), (e.GetProperty("queryStringParameters").Text("a"), e.GetProperty("queryStringParameters").Text("b")));
        Assert.Equal(["1", "2"], e.GetProperty("multiValueQueryStringParameters").GetProperty("a").EnumerateArray().Select(v => v.GetString()!).ToArray());
        Assert.Equal("5", e.GetProperty("pathParameters").Text("id"));
        Assert.Equal("blue", e.GetProperty("stageVariables").Text("color"));
        var context = e.GetProperty("requestContext");
        Assert.Equal(["accountId", "apiId", "domainName", "domainPrefix", "extendedRequestId", "httpMethod", "identity", "path", "protocol", "requestId",
            "requestTime", "requestTimeEpoch", "resourceId", "resourcePath", "stage"], context.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(("POST", "/legacy/{id}", "dev", "127.0.0.1"), (context.Text("httpMethod"), context.Text("resourcePath"), context.Text("stage"),
            context.GetProperty("identity").Text("sourceIp")));
        Assert.Equal(("hello", false), (e.Text("body"), e.GetProperty("isBase64Encoded").GetBoolean()));

        // API Gateway's own answers: a malformed response and a function error are 500s, a timeout 503.
        (status, _, body) = await CurlAsync(stageUrl + "/x/bad");
        Assert.Equal((500, """{"message":"Internal Server Error"}"""), (status, body));
        (status, _, body) = await CurlAsync(stageUrl + "/x/fail");
        Assert.Equal((500, """{"message":"Internal Server Error"}"""), (status, body));
        (status, _, body) = await CurlAsync(stageUrl + "/timeout/slow");
        Assert.Equal((503, """{"message":"Service Unavailable"}"""), (status, body));

        // CORS: the API answers the preflight itself and decorates responses to allowed origins.
        (status, head, _) = await CurlAsync(stageUrl + "/orders/1", "-X", "OPTIONS", "-H", "Origin: https://app.example", "-H", "Access-Control-Request-Method: POST");
        Assert.Equal(204, status);
        Assert.Contains("Access-Control-Allow-Origin: https://app.example", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Access-Control-Allow-Methods: GET,POST", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Access-Control-Max-Age: 300", head, StringComparison.OrdinalIgnoreCase);
        (_, head, _) = await CurlAsync(stageUrl + "/orders/1", "-H", "Origin: https://app.example");
        Assert.Contains("Access-Control-Allow-Origin: https://app.example", head, StringComparison.OrdinalIgnoreCase);
        (_, head, _) = await CurlAsync(stageUrl + "/orders/1", "-H", "Origin: https://evil.example");
        Assert.DoesNotContain("Access-Control-Allow-Origin", head, StringComparison.OrdinalIgnoreCase);

        // A body over 10 MB is refused before the function runs.
        var large = Path.Combine(platform.Directory.FullName, "large.bin");
        await File.WriteAllBytesAsync(large, new byte[10 * 1024 * 1024 + 1]);
        (status, _, _) = await CurlAsync(stageUrl + "/orders/1", "-X", "POST", "--data-binary", "@" + large);
        Assert.Equal(413, status);

        // A stage without auto-deploy serves what CreateDeployment froze, not later changes.
        var deployment = Json(await cli.RunOkAsync("apigatewayv2", "create-deployment", "--api-id", api)).Text("DeploymentId");
        await cli.RunOkAsync("apigatewayv2", "create-stage", "--api-id", api, "--stage-name", "prod", "--deployment-id", deployment);
        var defaultRoute = Json(await cli.RunOkAsync("apigatewayv2", "get-routes", "--api-id", api)).GetProperty("Items").EnumerateArray()
            .Single(r => r.Text("RouteKey") == "ANY /{proxy+}").Text("RouteId");
        await cli.RunOkAsync("apigatewayv2", "delete-route", "--api-id", api, "--route-id", defaultRoute);
        Assert.Equal("ANY /{proxy+}", (await Json200(stageUrl.Replace("/dev", "/prod", StringComparison.Ordinal) + "/a/b")).Text("routeKey"));
        Assert.Equal("$default", (await Event("GET", "/a/b")).Text("routeKey"));

        using var admin = new PlatformAdminClient(platform.Endpoint);
        var invocations = await admin.GetAsync("/_platform/invocations?function=backend");
        Assert.Contains(invocations.EnumerateArray(), i => i.Text("trigger") == "apigateway");
    }

    private static async Task<System.Text.Json.JsonElement> Json200(string url)
    {
        var (status, _, body) = await CurlAsync(url);
        Assert.True(status == 200, $"{url}: {status} {body}");
        return Json(body);
    }
}
