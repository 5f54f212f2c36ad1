using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Lambda.Control;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Lambda.Urls;

/// <summary>Issue 18's function URLs through real clients: configured with /usr/bin/aws, called with
/// curl (the Host-based <c>&lt;id&gt;.lambda-url.us-east-1.localhost</c> form) and HttpClient (the
/// <c>/_aws/lambda-url/&lt;id&gt;/</c> path form), against Python and Node functions created from zips.</summary>
public sealed class FunctionUrlTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private const string Python = """
        import base64, time
        def handler(event, context):
            p = event["rawPath"]
            if p == "/str": return "hello"
            if p == "/num": return 42
            if p == "/obj": return {"a": 1}
            if p == "/resp": return {"statusCode": 201, "headers": {"x-a": "b", "content-type": "text/plain"}, "cookies": ["c=1; Path=/", "d=2"], "body": "made"}
            if p == "/b64": return {"statusCode": 200, "headers": {"content-type": "image/png"}, "body": base64.b64encode(bytes([0, 1, 255])).decode(), "isBase64Encoded": True}
            if p == "/bad": return {"statusCode": "teapot"}
            if p == "/204": return {"statusCode": 204, "body": "dropped"}
            if p == "/none": return None
            if p == "/fail": raise ValueError("boom")
            if p == "/slow": time.sleep(5)
            return event
        """;

    [Fact]
    public async Task Python_and_node_functions_answer_both_url_forms_with_lambdas_payload_2_0_event()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var cli = platform.Cli;
        await CreateAsync(platform, "py", "python3.12", "app.handler", platform.Zip("py.zip", ("app.py", Python, false)));
        await CreateAsync(platform, "node", "nodejs20.x", "index.handler",
            platform.Zip("node.zip", ("index.mjs", "export const handler = async (event) => event;\n", false)));

        foreach (var function in new[] { "py", "node" })
        {
            var created = Json(await cli.RunOkAsync("lambda", "create-function-url-config", "--function-name", function, "--auth-type", "NONE"));
            var url = created.GetProperty("FunctionUrl").GetString()!;
            var id = UrlId(url);
            Assert.Equal($"http://{id}.lambda-url.us-east-1.localhost:{platform.Port}/", url);
            Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{function}", created.GetProperty("FunctionArn").GetString());

            // Host-based form through curl: two X-Multi lines, cookies, a query with a repeated key.
            var (status, responseHeaders, body) = await CurlAsync(url + "orders/42?x=1&x=2&y=z", "-X", "POST", "-H", "Cookie: a=1; b=2", "-H", "X-Multi: 1",
                "-H", "X-Multi: 2", "-H", "Content-Type: application/json", "-H", "User-Agent: url-test", "--data-binary", """{"id":1}""");
            Assert.Equal(200, status);
            var e = Json(body);
            Assert.Equal("2.0", e.GetProperty("version").GetString());
            Assert.Equal("$default", e.GetProperty("routeKey").GetString());
            Assert.Equal("/orders/42", e.GetProperty("rawPath").GetString());
            Assert.Equal("x=1&x=2&y=z", e.GetProperty("rawQueryString").GetString());
            Assert.Equal(["a=1", "b=2"], e.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()!).ToArray());
            var headers = e.GetProperty("headers");
            Assert.Equal("1,2", headers.GetProperty("x-multi").GetString());
            Assert.Equal("application/json", headers.GetProperty("content-type").GetString());
            Assert.Equal($"{id}.lambda-url.us-east-1.localhost:{platform.Port}", headers.GetProperty("host").GetString());
            Assert.False(headers.TryGetProperty("cookie", out _));
            Assert.Contains("X-Amzn-Trace-Id: " + headers.GetProperty("x-amzn-trace-id").GetString(), responseHeaders);
            Assert.All(headers.EnumerateObject(), h => Assert.Equal(h.Name.ToLowerInvariant(), h.Name));
            Assert.Equal("1,2", e.GetProperty("queryStringParameters").GetProperty("x").GetString());
            Assert.Equal("z", e.GetProperty("queryStringParameters").GetProperty("y").GetString());
            var context = e.GetProperty("requestContext");
            Assert.Equal("anonymous", context.GetProperty("accountId").GetString());
            Assert.Equal(id, context.GetProperty("apiId").GetString());
            Assert.Equal($"{id}.lambda-url.us-east-1.localhost", context.GetProperty("domainName").GetString());
            Assert.Equal(id, context.GetProperty("domainPrefix").GetString());
            var http = context.GetProperty("http");
            Assert.Equal("POST", http.GetProperty("method").GetString());
            Assert.Equal("/orders/42", http.GetProperty("path").GetString());
            Assert.Equal("HTTP/1.1", http.GetProperty("protocol").GetString());
            Assert.Equal("127.0.0.1", http.GetProperty("sourceIp").GetString());
            Assert.Equal("url-test", http.GetProperty("userAgent").GetString());
            Assert.True(Guid.TryParse(context.GetProperty("requestId").GetString(), out _));
            Assert.Equal("$default", context.GetProperty("routeKey").GetString());
            Assert.Equal("$default", context.GetProperty("stage").GetString());
            Assert.Matches(@"^\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000$", context.GetProperty("time").GetString());
            Assert.InRange(context.GetProperty("timeEpoch").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(),
                DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            Assert.Equal("""{"id":1}""", e.GetProperty("body").GetString());
            Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());

            // Path form through HttpClient, no DNS: a binary body arrives base64-encoded, and no
            // cookies, query or body leave their members out.
            using var client = new HttpClient();
            var content = new ByteArrayContent([0, 1, 2, 255]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            var response = await client.PutAsync($"http://127.0.0.1:{platform.Port}/_aws/lambda-url/{id}/bin/x%20y", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            e = Json(await response.Content.ReadAsStringAsync());
            Assert.Equal("/bin/x%20y", e.GetProperty("rawPath").GetString());
            Assert.Equal("PUT", e.GetProperty("requestContext").GetProperty("http").GetProperty("method").GetString());
            Assert.True(e.GetProperty("isBase64Encoded").GetBoolean());
            Assert.Equal(Convert.ToBase64String([0, 1, 2, 255]), e.GetProperty("body").GetString());
            Assert.Equal("", e.GetProperty("rawQueryString").GetString());
            Assert.False(e.TryGetProperty("cookies", out _));
            Assert.False(e.TryGetProperty("queryStringParameters", out _));

            e = Json(await client.GetStringAsync($"http://127.0.0.1:{platform.Port}/_aws/lambda-url/{id}"));
            Assert.Equal("/", e.GetProperty("rawPath").GetString());
            Assert.False(e.TryGetProperty("body", out _));
            Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());
        }

        // Both went through the dispatch Invoke uses: they are in /_platform/invocations.
        using var admin = new PlatformAdminClient(platform.Endpoint);
        var invocations = await admin.WaitForInvocationsAsync("node", 3, Wait, "Succeeded");
        Assert.All(invocations, i => Assert.Equal("lambda:url", i.GetProperty("trigger").GetString()));
    }

    [Fact]
    public async Task Responses_errors_throttles_cors_and_aws_iam_behave_as_lambdas()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var cli = platform.Cli;
        await CreateAsync(platform, "api", "python3.12", "app.handler", platform.Zip("py.zip", ("app.py", Python, false)), "--timeout", "1");
        var url = Json(await cli.RunOkAsync("lambda", "create-function-url-config", "--function-name", "api", "--auth-type", "NONE",
            "--cors", "AllowOrigins=https://app.example,AllowMethods=GET,POST,AllowHeaders=x-custom,ExposeHeaders=x-a,MaxAge=300,AllowCredentials=true"))
            .GetProperty("FunctionUrl").GetString()!;
        var baseUrl = $"http://127.0.0.1:{platform.Port}/_aws/lambda-url/{UrlId(url)}";
        using var client = new HttpClient();

        async Task<(HttpResponseMessage Response, byte[] Body)> Get(string path, Action<HttpRequestMessage>? configure = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl + path);
            configure?.Invoke(request);
            var response = await client.SendAsync(request);
            return (response, await response.Content.ReadAsByteArrayAsync());
        }

        var (r, b) = await Get("/str");
        Assert.Equal((HttpStatusCode.OK, "application/json", "hello"), (r.StatusCode, r.Content.Headers.ContentType?.MediaType, Encoding.UTF8.GetString(b)));
        (r, b) = await Get("/num");
        Assert.Equal((HttpStatusCode.OK, "42"), (r.StatusCode, Encoding.UTF8.GetString(b)));
        (r, b) = await Get("/obj");
        Assert.Equal(1, Json(Encoding.UTF8.GetString(b)).GetProperty("a").GetInt32());
        Assert.Equal("application/json", r.Content.Headers.ContentType?.MediaType);
        (r, b) = await Get("/resp", m => m.Headers.Add("Origin", "https://app.example"));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal("made", Encoding.UTF8.GetString(b));
        Assert.Equal("text/plain", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal("b", r.Headers.GetValues("x-a").Single());
        Assert.Equal(["c=1; Path=/", "d=2"], r.Headers.GetValues("Set-Cookie").ToArray());
        Assert.Equal("https://app.example", r.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", r.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Equal("x-a", r.Headers.GetValues("Access-Control-Expose-Headers").Single());
        (r, b) = await Get("/b64");
        Assert.Equal((HttpStatusCode.OK, "image/png"), (r.StatusCode, r.Content.Headers.ContentType?.MediaType));
        Assert.Equal([0, 1, 255], b);
        (r, b) = await Get("/204");
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.Empty(b);
        (r, b) = await Get("/none");
        Assert.Equal((HttpStatusCode.OK, "null"), (r.StatusCode, Encoding.UTF8.GetString(b)));
        (r, _) = await Get("/bad");
        Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode);
        (r, b) = await Get("/fail");
        Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode);
        Assert.Equal("Internal Server Error", Json(Encoding.UTF8.GetString(b)).GetProperty("Message").GetString());
        (r, _) = await Get("/slow");
        Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode);

        // A preflight is answered from the configuration, without running the function.
        using var admin = new PlatformAdminClient(platform.Endpoint);
        var before = (await admin.GetAsync("/_platform/invocations?function=api")).GetArrayLength();
        using (var preflight = new HttpRequestMessage(HttpMethod.Options, baseUrl + "/orders"))
        {
            preflight.Headers.Add("Origin", "https://app.example");
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            var answer = await client.SendAsync(preflight);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("https://app.example", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Equal("GET,POST", answer.Headers.GetValues("Access-Control-Allow-Methods").Single());
            Assert.Equal("x-custom", answer.Headers.GetValues("Access-Control-Allow-Headers").Single());
            Assert.Equal("300", answer.Headers.GetValues("Access-Control-Max-Age").Single());
        }
        using (var other = new HttpRequestMessage(HttpMethod.Options, baseUrl + "/orders"))
        {
            other.Headers.Add("Origin", "https://evil.example");
            other.Headers.Add("Access-Control-Request-Method", "POST");
            var answer = await client.SendAsync(other);
            Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
        }
        Assert.Equal(before, (await admin.GetAsync("/_platform/invocations?function=api")).GetArrayLength());

        // Reserved concurrency 0 throttles the URL as it throttles Invoke.
        await cli.RunOkAsync("lambda", "put-function-concurrency", "--function-name", "api", "--reserved-concurrent-executions", "0");
        (r, _) = await Get("/str");
        Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
        await cli.RunOkAsync("lambda", "delete-function-concurrency", "--function-name", "api");

        // AWS_IAM: unsigned requests are refused; signed ones are accepted (signatures are not verified).
        var updated = Json(await cli.RunOkAsync("lambda", "update-function-url-config", "--function-name", "api", "--auth-type", "AWS_IAM"));
        Assert.Equal("AWS_IAM", updated.GetProperty("AuthType").GetString());
        Assert.Equal(300, updated.GetProperty("Cors").GetProperty("MaxAge").GetInt32());
        (r, b) = await Get("/echo");
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal("Forbidden", Json(Encoding.UTF8.GetString(b)).GetProperty("Message").GetString());
        (r, b) = await Get("/echo", m => m.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var iam = Json(Encoding.UTF8.GetString(b)).GetProperty("requestContext");
        Assert.Equal("000000000000", iam.GetProperty("accountId").GetString());
        Assert.Equal("AKIDEXAMPLE", iam.GetProperty("authorizer").GetProperty("iam").GetProperty("accessKey").GetString());
    }

    [Fact]
    public async Task Url_configs_follow_lambdas_errors_and_survive_a_restart()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var cli = platform.Cli;
        await CreateAsync(platform, "fn", "python3.12", "app.handler", platform.Zip("py.zip", ("app.py", Python, false)));
        await cli.RunOkAsync("lambda", "publish-version", "--function-name", "fn");
        await cli.RunOkAsync("lambda", "create-alias", "--function-name", "fn", "--name", "live", "--function-version", "1");

        var created = Json(await cli.RunOkAsync("lambda", "create-function-url-config", "--function-name", "fn", "--auth-type", "NONE",
            "--cors", "AllowOrigins=*"));
        var url = created.GetProperty("FunctionUrl").GetString()!;
        Assert.Matches("^[a-z0-9]{32}$", UrlId(url));
        var alias = Json(await cli.RunOkAsync("lambda", "create-function-url-config", "--function-name", "fn", "--qualifier", "live", "--auth-type", "NONE"));
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:fn:live", alias.GetProperty("FunctionArn").GetString());
        Assert.NotEqual(url, alias.GetProperty("FunctionUrl").GetString());

        Assert.Contains("ResourceConflictException", (await cli.RunAsync("lambda", "create-function-url-config", "--function-name", "fn", "--auth-type", "NONE")).StandardError);
        Assert.Contains("ResourceNotFoundException", (await cli.RunAsync("lambda", "create-function-url-config", "--function-name", "nope", "--auth-type", "NONE")).StandardError);
        Assert.Contains("ResourceNotFoundException", (await cli.RunAsync("lambda", "create-function-url-config", "--function-name", "fn", "--qualifier", "gone", "--auth-type", "NONE")).StandardError);
        Assert.Contains("ValidationException", (await cli.RunAsync("lambda", "create-function-url-config", "--function-name", "fn", "--qualifier", "1", "--auth-type", "NONE")).StandardError);
        Assert.Contains("ValidationException", (await cli.RunAsync("lambda", "create-function-url-config", "--function-name", "fn", "--qualifier", "x", "--auth-type", "OPEN")).StandardError);
        Assert.Contains("ValidationException", (await cli.RunAsync("lambda", "update-function-url-config", "--function-name", "fn", "--cors", "MaxAge=90000")).StandardError);

        var listed = Json(await cli.RunOkAsync("lambda", "list-function-url-configs", "--function-name", "fn")).GetProperty("FunctionUrlConfigs");
        Assert.Equal(2, listed.GetArrayLength());
        var firstPage = Json(await cli.RunOkAsync("lambda", "list-function-url-configs", "--function-name", "fn", "--max-items", "1"));
        Assert.Single(firstPage.GetProperty("FunctionUrlConfigs").EnumerateArray());

        await platform.RestartAsync();

        var got = Json(await cli.RunOkAsync("lambda", "get-function-url-config", "--function-name", "fn"));
        Assert.Equal(url, got.GetProperty("FunctionUrl").GetString());
        Assert.Equal(created.GetProperty("CreationTime").GetString(), got.GetProperty("CreationTime").GetString());
        Assert.Equal("*", got.GetProperty("Cors").GetProperty("AllowOrigins")[0].GetString());
        var (status, _, body) = await CurlAsync(url + "after");
        Assert.Equal(200, status);
        Assert.Equal("/after", Json(body).GetProperty("rawPath").GetString());

        await cli.RunOkAsync("lambda", "delete-function-url-config", "--function-name", "fn");
        Assert.Contains("ResourceNotFoundException", (await cli.RunAsync("lambda", "delete-function-url-config", "--function-name", "fn")).StandardError);
        (status, _, _) = await CurlAsync(url + "after");
        Assert.Equal(404, status);
        // Deleting the alias takes its URL with it.
        await cli.RunOkAsync("lambda", "delete-alias", "--function-name", "fn", "--name", "live");
        Assert.Empty(Json(await cli.RunOkAsync("lambda", "list-function-url-configs", "--function-name", "fn")).GetProperty("FunctionUrlConfigs").EnumerateArray());

        // Deleting the function takes its URL; one re-created under the same name starts without,
        // also after a restart (the rows went with the function's).
        await cli.RunOkAsync("lambda", "create-function-url-config", "--function-name", "fn", "--auth-type", "NONE");
        await cli.RunOkAsync("lambda", "delete-function", "--function-name", "fn");
        await CreateAsync(platform, "fn", "python3.12", "app.handler", platform.Zip("py2.zip", ("app.py", Python, false)));
        Assert.Contains("ResourceNotFoundException", (await cli.RunAsync("lambda", "get-function-url-config", "--function-name", "fn")).StandardError);
        await platform.RestartAsync();
        Assert.Contains("ResourceNotFoundException", (await cli.RunAsync("lambda", "get-function-url-config", "--function-name", "fn")).StandardError);
    }

    [Fact]
    public async Task A_platform_yaml_url_is_served_at_the_same_address_after_a_restart()
    {
        var directory = Directory.CreateTempSubdirectory("platform-url-yaml-");
        try
        {
            Directory.CreateDirectory(Path.Combine(directory.FullName, "api"));
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "api", "app.py"), Python);
            var config = Path.Combine(directory.FullName, "platform.yaml");
            await File.WriteAllTextAsync(config, """
                functions:
                  api:
                    runtime: python3.12
                    handler: app.handler
                    code: api
                    url: { authType: NONE, cors: { allowOrigins: ["*"], allowMethods: [GET] } }
                """);
            var data = Path.Combine(directory.FullName, "data");
            var port = PlatformProcess.FreePort();
            string url;
            await using (var platform = await PlatformProcess.StartAsync(config, data, port))
            {
                var cli = new AwsCli(platform.Endpoint);
                var got = Json(await cli.RunOkAsync("lambda", "get-function-url-config", "--function-name", "api"));
                url = got.GetProperty("FunctionUrl").GetString()!;
                Assert.Equal("GET", got.GetProperty("Cors").GetProperty("AllowMethods")[0].GetString());
                var (status, headers, body) = await CurlAsync(url + "str", "-H", "Origin: https://any.example");
                Assert.Equal((200, "hello"), (status, body));
                Assert.Contains("Access-Control-Allow-Origin: *", headers);
                Assert.Contains("InvalidParameterValueException", (await cli.RunAsync("lambda", "delete-function-url-config", "--function-name", "api")).StandardError);
                Assert.Equal(0, await platform.StopAsync(TimeSpan.FromSeconds(15)));
            }
            await using (var again = await PlatformProcess.StartAsync(config, data, port))
            {
                var (status, _, body) = await CurlAsync(url + "str");
                Assert.Equal((200, "hello"), (status, body));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static Task CreateAsync(ControlPlatform platform, string name, string runtime, string handler, string zip, params string[] extra) =>
        ApiGateway.ApiGatewayKit.CreateAsync(platform, name, runtime, handler, zip, extra);

    private static Task<(int Status, string Headers, string Body)> CurlAsync(string url, params string[] arguments) =>
        ApiGateway.ApiGatewayKit.CurlAsync(url, arguments);

    private static string UrlId(string url) => new Uri(url).Host.Split('.')[0];

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
