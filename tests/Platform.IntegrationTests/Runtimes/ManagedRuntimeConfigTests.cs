using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Runtimes;

/// <summary>
/// Lambda-style functions declared in platform.yaml (`runtime: python3.12`, `handler: app.handler`,
/// `code: ./folder` or a zip) run in a real `platform up` through the Lambda Invoke API, on the
/// machine's Python and Node.js: ES module and CommonJS, async and callback handlers, Lambda's
/// environment only (not the platform's), its log lines, init errors and timeouts.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ManagedRuntimeConfigTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Python_and_node_functions_from_platform_yaml_run_with_lambdas_rules()
    {
        System.Environment.SetEnvironmentVariable("PLATFORM_SECRET_FOR_TEST", "must-not-reach-functions");
        var dir = Directory.CreateTempSubdirectory("platform-managed-");
        Write(dir, "py/app.py", """
            import os
            def handler(event, context):
                print("python got", event["n"])
                return {"lang": "python", "n": event["n"], "secret": os.environ.get("PLATFORM_SECRET_FOR_TEST"),
                        "exec": os.environ["AWS_EXECUTION_ENV"], "request": context.aws_request_id}
            def slow(event, context):
                import time; time.sleep(30)
            """);
        Write(dir, "esm/index.mjs", """
            export const handler = async (event, context) => ({ lang: 'esm', n: event.n, secret: process.env.PLATFORM_SECRET_FOR_TEST ?? null });
            """);
        Write(dir, "cjs/app.js", """
            exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { lang: 'cjs', n: event.n }), 10); };
            """);
        System.IO.Compression.ZipFile.CreateFromDirectory(Path.Combine(dir.FullName, "esm"), Path.Combine(dir.FullName, "esm.zip"));
        var config = Path.Combine(dir.FullName, "platform.yaml");
        await File.WriteAllTextAsync(config, """
            functions:
              py:
                runtime: python3.12
                handler: app.handler
                code: ./py
                timeout: 20s
              esm:
                runtime: nodejs20.x
                handler: index.handler
                code: ./esm.zip
                timeout: 20s
              cjs:
                runtime: nodejs22.x
                handler: app.handler
                code: ./cjs
                timeout: 20s
              missing:
                runtime: python3.12
                handler: nothere.handler
                code: ./py
              slow:
                runtime: python3.12
                handler: app.slow
                code: ./py
                timeout: 1s
            """);
        var platform = await PlatformProcess.StartAsync(config, Path.Combine(dir.FullName, "data"));
        try
        {
            var aws = new AwsCli(platform.Endpoint);
            using var admin = new PlatformAdminClient(platform.Endpoint);

            var py = await InvokeAsync(aws, dir, "py", """{"n":1}""");
            var esm = await InvokeAsync(aws, dir, "esm", """{"n":2}""");
            var cjs = await InvokeAsync(aws, dir, "cjs", """{"n":3}""");
            var missing = await InvokeAsync(aws, dir, "missing", "{}");
            var slow = await InvokeAsync(aws, dir, "slow", "{}");

            Assert.Equal("python", py.GetProperty("lang").GetString());
            Assert.Equal(1, py.GetProperty("n").GetInt32());
            Assert.Equal(JsonValueKind.Null, py.GetProperty("secret").ValueKind);
            Assert.Equal("AWS_Lambda_python3.12", py.GetProperty("exec").GetString());
            Assert.Equal("esm", esm.GetProperty("lang").GetString());
            Assert.Equal(JsonValueKind.Null, esm.GetProperty("secret").ValueKind);
            Assert.Equal(3, cjs.GetProperty("n").GetInt32());
            Assert.Equal("Runtime.ImportModuleError", missing.GetProperty("errorType").GetString());
            Assert.Equal("Unable to import module 'nothere': No module named 'nothere'", missing.GetProperty("errorMessage").GetString());
            Assert.Equal("Sandbox.Timedout", slow.GetProperty("errorType").GetString());
            Assert.EndsWith("Task timed out after 1.00 seconds", slow.GetProperty("errorMessage").GetString());

            var logged = Assert.Single(await admin.WaitForInvocationsAsync("py", 1, Timeout));
            var logs = logged.GetProperty("logs").GetString()!;
            Assert.StartsWith($"START RequestId: {py.GetProperty("request").GetString()} Version: $LATEST\n", logs);
            Assert.Contains("python got 1\n", logs);
            Assert.Contains("\nREPORT RequestId: ", logs);
            // The platform said which interpreter each runtime got.
            Assert.Contains("Runtime python3.12 ", platform.Output);
            Assert.Contains("Runtime nodejs20.x ", platform.Output);
        }
        finally
        {
            await platform.DisposeAsync();
            dir.Delete(recursive: true);
        }
    }

    private static async Task<JsonElement> InvokeAsync(AwsCli aws, DirectoryInfo dir, string function, string payload)
    {
        var output = Path.Combine(dir.FullName, function + ".out.json");
        await aws.RunOkAsync("lambda", "invoke", "--function-name", function, "--cli-binary-format", "raw-in-base64-out",
            "--payload", payload, output);
        return JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement.Clone();
    }

    private static void Write(DirectoryInfo dir, string path, string text)
    {
        var full = Path.Combine(dir.FullName, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
