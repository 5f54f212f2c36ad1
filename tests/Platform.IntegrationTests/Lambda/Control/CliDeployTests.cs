using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Lambda.Control;

/// <summary>What issue 10 promises a user of `aws lambda`: a zip created with create-function runs
/// from Invoke (with its log tail and executed version) and from every trigger kind — an S3
/// notification naming an alias, an SQS mapping naming a version, a Kinesis mapping naming the
/// function — exactly like a platform.yaml function.</summary>
public sealed class CliDeployTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_zip_created_with_the_cli_runs_from_invoke_and_every_trigger_kind_by_qualifier()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var cli = platform.Cli;
        var zip = platform.BashTutorialZip("tut.zip", version: "v1");

        var created = Json(await cli.RunOkAsync("lambda", "create-function", "--function-name", "tut", "--runtime", "provided.al2023",
            "--handler", "function.handler", "--zip-file", "fileb://" + zip, "--role", ControlPlatform.Role,
            "--environment", "Variables={BUCKET=uploads}", "--timeout", "10"));
        Assert.Equal("Pending", created.GetProperty("State").GetString());
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(zip))), created.GetProperty("CodeSha256").GetString());
        Assert.Equal(new FileInfo(zip).Length, created.GetProperty("CodeSize").GetInt64());
        await cli.RunOkAsync("lambda", "wait", "function-active-v2", "--function-name", "tut");

        var output = Path.Combine(platform.Directory.FullName, "out.json");
        var invoked = Json(await cli.RunOkAsync("lambda", "invoke", "--function-name", "tut", "--log-type", "Tail",
            "--cli-binary-format", "raw-in-base64-out", "--payload", """{"hello":"world"}""", output));
        Assert.Equal("$LATEST", invoked.GetProperty("ExecutedVersion").GetString());
        var tail = Encoding.UTF8.GetString(Convert.FromBase64String(invoked.GetProperty("LogResult").GetString()!));
        Assert.Contains("handling {\"hello\":\"world\"}", tail);
        var result = Json(await File.ReadAllTextAsync(output));
        Assert.Equal("uploads", result.GetProperty("bucket").GetString());
        Assert.Equal("v1", result.GetProperty("code").GetString());

        Assert.Equal("1", Json(await cli.RunOkAsync("lambda", "publish-version", "--function-name", "tut")).GetProperty("Version").GetString());
        await cli.RunOkAsync("lambda", "create-alias", "--function-name", "tut", "--name", "live", "--function-version", "1");
        var arn = "arn:aws:lambda:us-east-1:000000000000:function:tut";
        await cli.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", "uploads", "--notification-configuration",
            $$"""{"LambdaFunctionConfigurations":[{"LambdaFunctionArn":"{{arn}}:live","Events":["s3:ObjectCreated:*"]}]}""");
        var sqs = Json(await cli.RunOkAsync("lambda", "create-event-source-mapping", "--function-name", "tut:1",
            "--event-source-arn", "arn:aws:sqs:us-east-1:000000000000:jobs", "--batch-size", "1"));
        Assert.Equal(arn + ":1", sqs.GetProperty("FunctionArn").GetString());
        await cli.RunOkAsync("lambda", "create-event-source-mapping", "--function-name", arn,
            "--event-source-arn", "arn:aws:kinesis:us-east-1:000000000000:stream/events", "--starting-position", "TRIM_HORIZON");

        var body = Path.Combine(platform.Directory.FullName, "cat.txt");
        await File.WriteAllTextAsync(body, "meow");
        await cli.RunOkAsync("s3", "cp", body, "s3://uploads/cat.txt");
        await cli.RunOkAsync("sqs", "send-message", "--queue-url", $"{platform.Endpoint.ToString().TrimEnd('/')}/000000000000/jobs", "--message-body", "job-1");
        await cli.RunOkAsync("kinesis", "put-record", "--stream-name", "events", "--partition-key", "k", "--cli-binary-format", "raw-in-base64-out", "--data", "click");

        using var admin = new PlatformAdminClient(platform.Endpoint);
        var s3 = await admin.WaitForInvocationsAsync("tut:live", 1, Wait, "Succeeded");
        Assert.Equal("s3:uploads", s3[0].GetProperty("trigger").GetString());
        var fromQueue = await admin.WaitForInvocationsAsync("tut:1", 1, Wait, "Succeeded");
        Assert.Equal("sqs:jobs", fromQueue[0].GetProperty("trigger").GetString());
        var fromStream = (await admin.WaitForInvocationsAsync("tut", 2, Wait, "Succeeded"))
            .Where(i => i.GetProperty("trigger").GetString()!.Contains("events", StringComparison.Ordinal)).ToList();
        Assert.Single(fromStream);
        Assert.Contains("\"eventSource\":\"aws:kinesis\"", fromStream[0].GetProperty("logs").GetString());
    }

    [Fact]
    public async Task Python_and_node_esm_and_commonjs_zips_created_with_the_cli_run_with_their_runtimes()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var cli = platform.Cli;
        var functions = new (string Name, string Runtime, string Handler, string Zip)[]
        {
            ("py", "python3.12", "app.handler", platform.Zip("py.zip", ("app.py", "import sys\ndef handler(event, context):\n    return {'got': event, 'name': context.function_name, 'lang': 'python'}\n", false))),
            ("esm", "nodejs20.x", "index.handler", platform.Zip("esm.zip", ("index.mjs", "export const handler = async (event, context) => ({ got: event, name: context.functionName, lang: 'esm' });\n", false))),
            ("cjs", "nodejs20.x", "lib/main.handler", platform.Zip("cjs.zip", ("lib/main.js", "exports.handler = (event, context, callback) => callback(null, { got: event, name: context.functionName, lang: 'cjs' });\n", false))),
        };
        foreach (var (name, runtime, handler, zip) in functions)
        {
            await cli.RunOkAsync("lambda", "create-function", "--function-name", name, "--runtime", runtime, "--handler", handler,
                "--zip-file", "fileb://" + zip, "--role", ControlPlatform.Role);
        }
        foreach (var (name, _, _, _) in functions)
        {
            await cli.RunOkAsync("lambda", "wait", "function-active-v2", "--function-name", name);
            var output = Path.Combine(platform.Directory.FullName, name + ".json");
            await cli.RunOkAsync("lambda", "invoke", "--function-name", name, "--cli-binary-format", "raw-in-base64-out", "--payload", """{"n":7}""", output);
            var result = Json(await File.ReadAllTextAsync(output));
            Assert.Equal(7, result.GetProperty("got").GetProperty("n").GetInt32());
            Assert.Equal(name, result.GetProperty("name").GetString());
        }
        var listed = Json(await cli.RunOkAsync("lambda", "list-functions", "--max-items", "2"));
        Assert.Equal(["cjs", "esm"], listed.GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("FunctionName").GetString()));
        Assert.True(listed.TryGetProperty("NextToken", out _), listed.ToString());
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
