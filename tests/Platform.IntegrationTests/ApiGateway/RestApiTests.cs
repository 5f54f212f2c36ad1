using Platform.IntegrationTests.Lambda.Control;
using static Platform.IntegrationTests.ApiGateway.ApiGatewayKit;

namespace Platform.IntegrationTests.ApiGateway;

/// <summary>A REST API deployed with /usr/bin/aws apigateway as users do for Lambda — a root resource,
/// <c>{param}</c> and <c>{proxy+}</c> resources, AWS_PROXY integrations with the Lambda invocation
/// URI, a deployment to a stage — called with curl; the payload 1.0 event checked against AWS's
/// example and REST APIs' 502 for a malformed Lambda proxy response.</summary>
public sealed class RestApiTests
{
    [Fact]
    public async Task A_rest_api_with_param_and_proxy_resources_sends_the_proxy_event_and_answers_502_for_a_malformed_response()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var cli = platform.Cli;
        await CreatePythonAsync(platform, "legacy", Backend);

        var created = Json(await cli.RunOkAsync("apigateway", "create-rest-api", "--name", "legacy", "--binary-media-types", "application/octet-stream"));
        var api = created.Text("id");
        Assert.Equal("application/octet-stream", created.GetProperty("binaryMediaTypes")[0].GetString());
        // CreateRestApi made the root resource.
        var resources = Json(await cli.RunOkAsync("apigateway", "get-resources", "--rest-api-id", api)).GetProperty("items").EnumerateArray().Single();
        Assert.Equal("/", resources.Text("path"));
        var root = resources.Text("id");

        async Task<string> Resource(string parent, string part) =>
            Json(await cli.RunOkAsync("apigateway", "create-resource", "--rest-api-id", api, "--parent-id", parent, "--path-part", part)).Text("id");
        async Task Method(string resource, string method)
        {
            await cli.RunOkAsync("apigateway", "put-method", "--rest-api-id", api, "--resource-id", resource, "--http-method", method, "--authorization-type", "NONE");
            await cli.RunOkAsync("apigateway", "put-integration", "--rest-api-id", api, "--resource-id", resource, "--http-method", method,
                "--type", "AWS_PROXY", "--integration-http-method", "POST", "--uri", InvocationUri("legacy"));
        }
        var orders = await Resource(root, "orders");
        var order = await Resource(orders, "{id}");
        var proxy = await Resource(root, "{proxy+}");
        await Method(order, "GET");
        await Method(proxy, "ANY");
        Assert.Contains("ConflictException", (await cli.RunAsync("apigateway", "create-resource", "--rest-api-id", api, "--parent-id", root, "--path-part", "orders")).StandardError);
        Assert.Contains("BadRequestException", (await cli.RunAsync("apigateway", "put-integration", "--rest-api-id", api, "--resource-id", order,
            "--http-method", "GET", "--type", "AWS_PROXY", "--integration-http-method", "POST", "--uri", "not-an-arn")).StandardError);
        var path = Json(await cli.RunOkAsync("apigateway", "get-resource", "--rest-api-id", api, "--resource-id", order)).Text("path");
        Assert.Equal("/orders/{id}", path);

        await cli.RunOkAsync("apigateway", "create-deployment", "--rest-api-id", api, "--stage-name", "prod", "--variables", "env=test");
        var stage = Json(await cli.RunOkAsync("apigateway", "get-stage", "--rest-api-id", api, "--stage-name", "prod"));
        Assert.Equal("test", stage.GetProperty("variables").Text("env"));

        var (status, _, body) = await CurlAsync($"http://127.0.0.1:{platform.Port}/_aws/execute-api/{api}/prod/orders/42?q=1&q=2", "-H", "X-Multi: a", "-H", "X-Multi: b");
        Assert.Equal(200, status);
        var e = Json(body);
        Assert.Equal(["resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters",
            "pathParameters", "stageVariables", "requestContext", "body", "isBase64Encoded"], e.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(("/orders/{id}", "/orders/42", "GET"), (e.Text("resource"), e.Text("path"), e.Text("httpMethod")));
        Assert.Equal("b", e.GetProperty("headers").Text("X-Multi"));
        Assert.Equal(["a", "b"], e.GetProperty("multiValueHeaders").GetProperty("X-Multi").EnumerateArray().Select(v => v.GetString()!).ToArray());
        Assert.Equal("2", e.GetProperty("queryStringParameters").Text("q"));
        Assert.Equal(["1", "2"], e.GetProperty("multiValueQueryStringParameters").GetProperty("q").EnumerateArray().Select(v => v.GetString()!).ToArray());
        Assert.Equal(("42", "test"), (e.GetProperty("pathParameters").Text("id"), e.GetProperty("stageVariables").Text("env")));
        var context = e.GetProperty("requestContext");
        Assert.Equal((Account, api, order, "/orders/{id}", "/prod/orders/42", "prod"), (context.Text("accountId"), context.Text("apiId"),
            context.Text("resourceId"), context.Text("resourcePath"), context.Text("path"), context.Text("stage")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, e.GetProperty("body").ValueKind);
        Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());

        // The greedy resource takes the rest, on the Host-based address (stage first in the path).
        (status, _, body) = await CurlAsync($"http://{api}.execute-api.localhost:{platform.Port}/prod/a/b/c", "-X", "PUT", "-H", "Content-Type: application/json",
            "--data-binary", "{}");
        Assert.Equal(200, status);
        e = Json(body);
        Assert.Equal(("/{proxy+}", "a/b/c", "{}"), (e.Text("resource"), e.GetProperty("pathParameters").Text("proxy"), e.Text("body")));

        // A binary media type of the API arrives base64-encoded and leaves decoded.
        var file = Path.Combine(platform.Directory.FullName, "in.bin");
        await File.WriteAllBytesAsync(file, [1, 2, 3]);
        var bytes = await Platform.IntegrationTests.Support.ProcessRunner.RunAsync("curl", ["-s", "--max-time", "30", "-X", "POST", "-H",
            "Content-Type: application/octet-stream", "--data-binary", "@" + file, $"http://127.0.0.1:{platform.Port}/_aws/execute-api/{api}/prod/up/bin",
            "-o", file + ".out"]);
        bytes.EnsureSuccess();
        Assert.Equal([3, 2, 1], await File.ReadAllBytesAsync(file + ".out"));

        // REST APIs' own answers.
        (status, _, body) = await CurlAsync($"http://127.0.0.1:{platform.Port}/_aws/execute-api/{api}/prod/x/bad");
        Assert.Equal((502, """{"message":"Internal server error"}"""), (status, body));
        (status, _, body) = await CurlAsync($"http://127.0.0.1:{platform.Port}/_aws/execute-api/{api}/prod/x/fail");
        Assert.Equal(502, status);
        (status, _, body) = await CurlAsync($"http://127.0.0.1:{platform.Port}/_aws/execute-api/{api}/prod/orders/1", "-X", "POST");
        Assert.Equal((403, """{"message":"Missing Authentication Token"}"""), (status, body));
        (status, _, _) = await CurlAsync($"http://127.0.0.1:{platform.Port}/_aws/execute-api/{api}/nostage/orders/1");
        Assert.Equal(403, status);

        await cli.RunOkAsync("apigateway", "delete-rest-api", "--rest-api-id", api);
        Assert.Contains("NotFoundException", (await cli.RunAsync("apigateway", "get-rest-api", "--rest-api-id", api)).StandardError);
    }
}
