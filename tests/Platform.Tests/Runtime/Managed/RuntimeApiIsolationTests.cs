using System.Diagnostics;
using System.Text.Json;
using Platform.Contracts.Dispatch;

namespace Platform.Tests.Runtime.Managed;

/// <summary>
/// A function's Runtime API listens on a loopback port any local process can find. Only the
/// function's own process group may use it: another process (curl, here) asking for the next
/// invocation or posting a forged response is refused, and the running invocation is untouched.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RuntimeApiIsolationTests : IAsyncLifetime
{
    private const string App = """
        import os, subprocess, time
        def handler(event, context):
            if event.get("wait"):
                # The test's signal that this invocation is in progress.
                with open(os.path.join(os.environ["TMPDIR"], "running"), "w") as f:
                    f.write(context.aws_request_id)
                time.sleep(event["wait"])
            if event.get("child"):
                # A process the function started may use the API (as a bootstrap's curl does).
                api = os.environ["AWS_LAMBDA_RUNTIME_API"]
                code = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                    f"http://{api}/2018-06-01/runtime/invocation/{context.aws_request_id}/response", "-d", '"from child"'],
                    capture_output=True, text=True).stdout
                return None if code == "202" else {"child": code}
            return {"api": os.environ["AWS_LAMBDA_RUNTIME_API"], "genuine": True}
        """;

    private readonly ManagedRuntimeHost _host = new();

    [Fact]
    public async Task A_foreign_process_is_refused_and_the_running_invocation_still_succeeds()
    {
        _host.Add("guarded", "python3.12", "app.handler", _host.Code(("app.py", App)));
        var api = JsonDocument.Parse((await _host.InvokeAsync("guarded", "{}")).ResponsePayload!).RootElement.GetProperty("api").GetString();
        var signal = Path.Combine(_host.StateDirectory, "functions", "guarded", "tmp", "running");

        var running = _host.InvokeAsync("guarded", """{"wait":2}""", "req-guarded");
        using (var timeout = new CancellationTokenSource(ManagedRuntimeHost.Wait))
        {
            while (!File.Exists(signal) || File.ReadAllText(signal) != "req-guarded")
                await Task.Delay(20, timeout.Token);
        }

        var next = await CurlAsync("-s", "-w", "\n%{http_code}", "--max-time", "5", $"http://{api}/2018-06-01/runtime/invocation/next");
        var forged = await CurlAsync("-s", "-w", "\n%{http_code}", "--max-time", "5", "-X", "POST",
            $"http://{api}/2018-06-01/runtime/invocation/req-guarded/response", "-d", """{"forged":true}""");
        var result = await running;

        Assert.EndsWith("\n403", next);
        Assert.Contains("AccessDeniedException", next);
        Assert.EndsWith("\n403", forged);
        Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
        Assert.True(JsonDocument.Parse(result.ResponsePayload!).RootElement.GetProperty("genuine").GetBoolean());
    }

    [Fact]
    public async Task A_child_of_the_function_may_answer_for_it()
    {
        _host.Add("child", "python3.12", "app.handler", _host.Code(("app.py", App)));

        var result = await _host.InvokeAsync("child", """{"child":true}""");

        Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
        Assert.Equal("\"from child\"", result.ResponsePayload);
    }

    private static async Task<string> CurlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
