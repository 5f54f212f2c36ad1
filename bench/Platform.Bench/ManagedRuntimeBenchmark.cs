using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Runtime;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;

namespace Platform.Bench;

/// <summary>
/// Lambda's managed runtimes through the platform's shims on this machine's interpreters: cold start
/// (a function registered — as CreateFunction does — until its first invocation is done, a new
/// process each time) and warm invocations one after another through FunctionInvoker.
/// Targets: warm ≤ 1 ms p50, cold ≤ 150 ms.
/// </summary>
internal static class ManagedRuntimeBenchmark
{
    private static readonly (string Runtime, string File, string Code)[] Functions =
    [
        ("python3.12", "app.py", "def handler(event, context):\n    return event\n"),
        ("nodejs20.x", "app.mjs", "export const handler = async (event) => event;\n"),
    ];

    public static async Task RunAsync(int colds, int invocations)
    {
        var state = Directory.CreateTempSubdirectory("bench-runtimes-");
        try
        {
            await using var services = new ServiceCollection()
                .AddPlatformRuntime(new RuntimeOptions { WatchFunctionCode = false, StateDirectory = state.FullName })
                .BuildServiceProvider();
            var registry = services.GetRequiredService<FunctionRegistry>();
            var invoker = services.GetRequiredService<FunctionInvoker>();
            foreach (var (runtime, file, code) in Functions)
            {
                var folder = Directory.CreateDirectory(Path.Combine(state.FullName, "code-" + runtime)).FullName;
                await File.WriteAllTextAsync(Path.Combine(folder, file), code);
                FunctionDefinition Definition(string name) => new()
                {
                    Name = name, Runtime = runtime, Handler = "app.handler", CodeDirectory = folder, Timeout = TimeSpan.FromSeconds(30),
                };

                // The first registration finds the interpreter (once per runtime): not part of a cold start.
                registry.AddOrReplace(Definition(runtime + "-warm"));
                await InvokeAsync(invoker, runtime + "-warm");

                var cold = new List<double>(colds);
                for (var i = 0; i < colds; i++)
                {
                    var name = $"{runtime}-cold-{i}";
                    var started = Stopwatch.GetTimestamp();
                    registry.AddOrReplace(Definition(name));
                    await InvokeAsync(invoker, name);
                    cold.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    registry.Remove(name);
                }

                var warm = new List<double>(invocations);
                for (var i = -50; i < invocations; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await InvokeAsync(invoker, runtime + "-warm");
                    if (i >= 0)
                        warm.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                Report.Line("runtimes", $"{runtime,-11} cold start (register → first invocation done, {colds} runs), ms: {Report.Percentiles(cold)}");
                Report.Line("runtimes", $"{runtime,-11} {invocations} warm invocations, ms: {Report.Percentiles(warm)}");
            }
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    private static async Task InvokeAsync(FunctionInvoker invoker, string function)
    {
        var result = await invoker.InvokeAsync(new InvokeFunction
        {
            RequestId = Guid.NewGuid().ToString(),
            FunctionName = function,
            Payload = """{"n":1}""",
            Trigger = "bench",
        }, CancellationToken.None);
        if (result.Outcome != InvocationOutcome.Succeeded)
            throw new InvalidOperationException($"{function}: {result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
    }
}
