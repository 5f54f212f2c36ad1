using Platform.IntegrationTests.Support;
using static Platform.IntegrationTests.ApiGateway.ApiGatewayKit;

namespace Platform.IntegrationTests.ApiGateway;

/// <summary>platform.yaml's `http:` triggers: routes of one HTTP API with the documented id
/// <c>yamlroutes</c>, read-only through apigatewayv2 and served at the same address after a restart.</summary>
public sealed class DeclaredHttpApiTests
{
    [Fact]
    public async Task Http_triggers_serve_one_declared_api_at_a_fixed_address()
    {
        var directory = Directory.CreateTempSubdirectory("platform-http-yaml-");
        try
        {
            Directory.CreateDirectory(Path.Combine(directory.FullName, "api"));
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "api", "app.py"), Backend);
            var config = Path.Combine(directory.FullName, "platform.yaml");
            await File.WriteAllTextAsync(config, """
                functions:
                  api:
                    runtime: python3.12
                    handler: app.handler
                    code: api
                    triggers:
                      - http: { path: "/orders/{id}", method: GET }
                      - http: { path: "/{proxy+}" }
                """);
            var data = Path.Combine(directory.FullName, "data");
            var port = PlatformProcess.FreePort();
            for (var run = 0; run < 2; run++)
            {
                await using var platform = await PlatformProcess.StartAsync(config, data, port);
                var (status, _, body) = await CurlAsync($"http://127.0.0.1:{port}/_aws/execute-api/yamlroutes/$default/orders/42");
                Assert.Equal(200, status);
                var e = Json(body);
                Assert.Equal(("GET /orders/{id}", "42"), (e.Text("routeKey"), e.GetProperty("pathParameters").Text("id")));
                (status, _, body) = await CurlAsync($"http://yamlroutes.execute-api.localhost:{port}/a/b", "-X", "POST");
                Assert.Equal((200, "ANY /{proxy+}"), (status, Json(body).Text("routeKey")));

                var cli = new AwsCli(platform.Endpoint);
                var routes = Json(await cli.RunOkAsync("apigatewayv2", "get-routes", "--api-id", "yamlroutes")).GetProperty("Items");
                Assert.Equal(["ANY /{proxy+}", "GET /orders/{id}"], routes.EnumerateArray().Select(r => r.Text("RouteKey")).Order(StringComparer.Ordinal).ToArray());
                Assert.Contains("BadRequestException", (await cli.RunAsync("apigatewayv2", "delete-api", "--api-id", "yamlroutes")).StandardError);
                Assert.Contains("BadRequestException", (await cli.RunAsync("apigatewayv2", "create-route", "--api-id", "yamlroutes", "--route-key", "GET /x")).StandardError);
                Assert.Equal(0, await platform.StopAsync(TimeSpan.FromSeconds(15)));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
