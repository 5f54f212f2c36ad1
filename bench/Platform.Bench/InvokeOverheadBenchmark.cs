using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Runtime;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;

namespace Platform.Bench;

/// <summary>
/// What running a function in its own process costs per invocation: the same echo function
/// in-process and out of process (the platform's .NET function host over the Runtime API), plus two
/// real Runtime API clients for reference (AWS's tutorial bash bootstrap, AWS's Node.js client).
/// Invocations go one after another through FunctionInvoker, warm (after a warm-up), so the figure
/// is the runtime's overhead, not the trigger path's.
/// </summary>
internal static class InvokeOverheadBenchmark
{
    public static async Task RunAsync(string root, int invocations)
    {
        var clients = Path.Combine(root, "tests", "clients", "runtime-api");
        var bench = AppContext.BaseDirectory;
        var options = new RuntimeOptions
        {
            WatchFunctionCode = false,
            DotnetFunctionHost = ["dotnet", Path.Combine(bench, "platform.dll"), "function-host"],
        };
        await using var services = new ServiceCollection()
            .AddPlatformRuntime(options)
            .AddFunction<EchoFunction>(new FunctionDefinition { Name = "in-process" })
            .BuildServiceProvider();
        var registry = services.GetRequiredService<FunctionRegistry>();
        var echo = new FunctionDefinition
        {
            Name = "dotnet-process",
            Assembly = Path.Combine(bench, "Platform.Bench.dll"),
            Handler = "Platform.Bench::Platform.Bench.EchoFunction",
            Isolation = "process",
            MemorySize = 512,
            Timeout = TimeSpan.FromSeconds(30),
        };
        registry.AddOrReplace(echo);
        registry.AddOrReplace(new FunctionDefinition
        {
            Name = "bash-tutorial",
            Runtime = "process",
            Command = ["./bootstrap"],
            CodeDirectory = Path.Combine(clients, "bash-tutorial"),
            Handler = "function.handler",
            Timeout = TimeSpan.FromSeconds(30),
        });
        var nodeClient = Path.Combine(clients, "node-ric", "node_modules", "aws-lambda-ric", "bin", "index.mjs");
        if (File.Exists(nodeClient))
        {
            registry.AddOrReplace(new FunctionDefinition
            {
                Name = "node-ric",
                Runtime = "process",
                Command = ["node", nodeClient, "index.handler"],
                CodeDirectory = Path.Combine(clients, "node-ric"),
                Handler = "index.handler",
                MemorySize = 512,
                Timeout = TimeSpan.FromSeconds(30),
            });
        }

        var invoker = services.GetRequiredService<FunctionInvoker>();
        foreach (var function in new[] { "in-process", "dotnet-process", "node-ric", "bash-tutorial" }.Where(registry.Contains))
        {
            var count = function == "bash-tutorial" ? Math.Min(invocations, 200) : invocations;
            var samples = new List<double>(count);
            for (var i = -20; i < count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await invoker.InvokeAsync(new InvokeFunction
                {
                    RequestId = Guid.NewGuid().ToString(),
                    FunctionName = function,
                    Payload = """{"n":1}""",
                    Trigger = "bench",
                }, CancellationToken.None);
                if (result.Outcome != InvocationOutcome.Succeeded)
                    throw new InvalidOperationException($"{function}: {result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
                if (i >= 0)
                    samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            Report.Line("invoke", $"{function,-15} {count} warm invocations, ms: {Report.Percentiles(samples)}");
        }
    }
}
