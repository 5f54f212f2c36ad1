using System.Text.Json;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;

namespace Platform.Tests.Runtime.Managed;

/// <summary>
/// AWS's own Node.js runtime interface client (npm aws-lambda-ric) is the reference: for the same
/// handler behaviours, the platform's Node.js shim and its Python shim must give the same outcome
/// shapes (outcome, result, error type and message) — and the Node shim AWS's exact init-error messages.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RuntimeClientParityTests : IAsyncLifetime
{
    private const string NodeCode = """
        class BadInput extends Error { constructor(m) { super(m); this.name = 'BadInput'; } }
        export const ok = async (event) => ({ ok: true, echo: event, none: null, list: [1, 'two'] });
        export const fails = async (event) => { throw new BadInput('no good: ' + event.why); };
        export const sleeps = () => new Promise((r) => setTimeout(r, 30000));
        export const nothing = async () => undefined;
        export const notAFunction = 42;
        """;

    private const string PythonCode = """
        import time
        class BadInput(Exception):
            pass
        def ok(event, context):
            return {"ok": True, "echo": event, "none": None, "list": [1, "two"]}
        def fails(event, context):
            raise BadInput("no good: " + event["why"])
        def sleeps(event, context):
            time.sleep(30)
        def nothing(event, context):
            return None
        """;

    private static string Ric => Path.Combine(RepositoryPaths.Root, "tests", "clients", "runtime-api", "node-ric", "node_modules", "aws-lambda-ric", "bin", "index.mjs");

    private readonly ManagedRuntimeHost _host = new();

    [Theory]
    [InlineData("ok", """{"why":"x","n":[1,2]}""")]
    [InlineData("fails", """{"why":"empty"}""")]
    [InlineData("sleeps", "{}")]
    [InlineData("nothing", "{}")]
    public async Task The_shims_give_the_outcome_shapes_of_aws_node_client(string behaviour, string payload)
    {
        var reference = await RunAsync("ric", behaviour, payload, useRic: true, "index.mjs", NodeCode, "nodejs20.x");
        var node = await RunAsync("shim-node", behaviour, payload, useRic: false, "index.mjs", NodeCode, "nodejs20.x");
        var python = await RunAsync("shim-python", behaviour, payload, useRic: false, "index.py", PythonCode, "python3.12");

        foreach (var (name, result) in new[] { ("node shim", node), ("python shim", python) })
        {
            Assert.True(reference.Outcome == result.Outcome, $"{name}: {result.Outcome} vs AWS's client {reference.Outcome}\n{result.Logs}");
            Assert.Equal(reference.ErrorType, result.ErrorType);
            Assert.Equal(reference.ErrorMessage?.Replace(reference.RequestId, "ID"), result.ErrorMessage?.Replace(result.RequestId, "ID"));
            Assert.Equal(Normalize(reference.ResponsePayload), Normalize(result.ResponsePayload));
        }
    }

    [Theory]
    [InlineData("missing.handler")]
    [InlineData("index.absent")]
    [InlineData("index.notAFunction")]
    [InlineData("broken.handler")]
    [InlineData("nodot")]
    [InlineData("../index.ok")]
    public async Task The_node_shim_reports_init_errors_as_aws_node_client_does(string handler)
    {
        var reference = await RunAsync("ric-init", handler, "{}", useRic: true, "index.mjs", NodeCode, "nodejs20.x", asHandler: true);
        var shim = await RunAsync("shim-init", handler, "{}", useRic: false, "index.mjs", NodeCode, "nodejs20.x", asHandler: true);

        Assert.Equal(InvocationOutcome.Failed, reference.Outcome);
        Assert.Equal(reference.Outcome, shim.Outcome);
        Assert.Equal(reference.ErrorType, shim.ErrorType);
        // The require stack names the client's own file (/var/runtime/index.mjs on Lambda): the message up to it must match.
        Assert.Equal(FirstLine(reference.ErrorMessage), FirstLine(shim.ErrorMessage));
    }

    private async Task<FunctionInvoked> RunAsync(string name, string handlerOrBehaviour, string payload, bool useRic, string file, string text, string runtime,
        bool asHandler = false)
    {
        var code = _host.Code((file, text), ("broken.mjs", "export const handler = async () => {;\n"));
        var handler = asHandler ? handlerOrBehaviour : Path.GetFileNameWithoutExtension(file) + "." + handlerOrBehaviour;
        var definition = new FunctionDefinition
        {
            Name = name,
            Runtime = useRic ? "process" : runtime,
            Command = useRic ? ["node", Ric, handler] : null,
            Handler = handler,
            CodeDirectory = code,
            Timeout = TimeSpan.FromSeconds(handlerOrBehaviour == "sleeps" ? 1 : 30),
        };
        Assert.True(!useRic || File.Exists(Ric), $"{Ric} is missing: `./build.sh test` installs it.");
        _host.Registry.AddOrReplace(definition);
        return await _host.InvokeAsync(name, payload);
    }

    private static string? Normalize(string? json) => json is null ? null : JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    private static string? FirstLine(string? text) => text?.Split('\n')[0];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
