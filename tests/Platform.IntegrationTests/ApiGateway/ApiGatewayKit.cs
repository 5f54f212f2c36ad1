using System.Text.Json;
using Platform.IntegrationTests.Lambda.Control;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.ApiGateway;

/// <summary>What the API Gateway tests share: functions deployed as a user deploys them (a zip and
/// create-function), curl for the Host-based address, and the test functions' code.</summary>
internal static class ApiGatewayKit
{
    public const string Account = "000000000000";

    /// <summary>Echoes the event (payload 2.0 as the result itself, 1.0 as a proxy response's body),
    /// except for paths ending in a behaviour's name.</summary>
    public const string Backend = """
        import base64, json, time
        def handler(event, context):
            p = event.get("rawPath") or event.get("path") or ""
            if p.endswith("/bad"): return {"statusCode": "teapot"}
            if p.endswith("/fail"): raise ValueError("boom")
            if p.endswith("/slow"):
                time.sleep(3)
                return "late"
            if p.endswith("/bin"):
                body = base64.b64decode(event["body"]) if event.get("isBase64Encoded") else event["body"].encode()
                return {"statusCode": 200, "headers": {"content-type": "application/octet-stream"},
                        "body": base64.b64encode(bytes(reversed(body))).decode(), "isBase64Encoded": True}
            if event.get("version") == "2.0": return event
            return {"statusCode": 200, "headers": {"content-type": "application/json", "x-one": "1"},
                    "multiValueHeaders": {"x-many": ["a", "b"]}, "body": json.dumps(event)}
        """;

    /// <summary>A Lambda authorizer: allows the identity "allow", as a simple response (2.0) or an IAM policy (1.0).</summary>
    public const string Authorizer = """
        def handler(event, context):
            ids = event["identitySource"]
            token = ids[0] if isinstance(ids, list) else ids.split(",")[0]
            ok = token == "allow"
            if event["version"] == "2.0":
                return {"isAuthorized": ok, "context": {"user": "alice", "n": 1}}
            return {"principalId": "alice", "context": {"user": "alice"},
                    "policyDocument": {"Version": "2012-10-17", "Statement": [
                        {"Action": "execute-api:Invoke", "Effect": "Allow" if ok else "Deny", "Resource": event["methodArn"]}]}}
        """;

    public static string FunctionArn(string name) => $"arn:aws:lambda:us-east-1:{Account}:function:{name}";

    public static string InvocationUri(string name) =>
        $"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{FunctionArn(name)}/invocations";

    public static async Task CreatePythonAsync(ControlPlatform platform, string name, string code, params string[] extra) =>
        await CreateAsync(platform, name, "python3.12", "app.handler", platform.Zip(name + ".zip", ("app.py", code, false)), extra);

    public static async Task CreateAsync(ControlPlatform platform, string name, string runtime, string handler, string zip, params string[] extra)
    {
        await platform.Cli.RunOkAsync(["lambda", "create-function", "--function-name", name, "--runtime", runtime, "--handler", handler,
            "--zip-file", "fileb://" + zip, "--role", ControlPlatform.Role, .. extra]);
        await platform.Cli.RunOkAsync("lambda", "wait", "function-active-v2", "--function-name", name);
    }

    /// <summary>curl resolves *.localhost to the loopback address itself, so the Host-based form needs no DNS setup.</summary>
    public static async Task<(int Status, string Headers, string Body)> CurlAsync(string url, params string[] arguments)
    {
        var result = (await ProcessRunner.RunAsync("curl", ["-s", "-i", "--max-time", "30", .. arguments, url])).EnsureSuccess();
        var text = result.StandardOutput.ReplaceLineEndings("\n");
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, head, split < 0 ? "" : text[(split + 2)..]);
    }

    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static string Text(this JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
