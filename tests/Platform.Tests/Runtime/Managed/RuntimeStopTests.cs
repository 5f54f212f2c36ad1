using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Runtime;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;

namespace Platform.Tests.Runtime.Managed;

/// <summary>Stopping the runtime while warm processes wait in /next is an ordinary stop: nothing is
/// logged at error level (it used to log an unhandled ChannelClosedException per process).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RuntimeStopTests
{
    [Fact]
    public async Task Stopping_with_processes_waiting_for_work_logs_no_error()
    {
        var errors = new ConcurrentQueue<string>();
        var code = Directory.CreateTempSubdirectory("stop-code-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(code.FullName, "app.py"), "def handler(event, context):\n    return 1\n");
            var services = new ServiceCollection()
                .AddLogging(l => l.AddProvider(new ErrorCollector(errors)))
                .AddPlatformRuntime(new RuntimeOptions { WatchFunctionCode = false })
                .BuildServiceProvider();
            var registry = services.GetRequiredService<FunctionRegistry>();
            foreach (var name in new[] { "a", "b" })
                registry.AddOrReplace(new FunctionDefinition { Name = name, Runtime = "python3.12", Handler = "app.handler", CodeDirectory = code.FullName });
            foreach (var name in new[] { "a", "b" })
            {
                var result = await services.GetRequiredService<FunctionInvoker>().InvokeAsync(new InvokeFunction
                {
                    RequestId = Guid.NewGuid().ToString(), FunctionName = name, Payload = "{}", Trigger = "test",
                }, CancellationToken.None);
                Assert.True(result.Outcome == InvocationOutcome.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{result.Logs}");
            }

            // Both processes now hold a /next open; stopping ends them.
            await services.DisposeAsync();

            Assert.Empty(errors);
        }
        finally
        {
            code.Delete(recursive: true);
        }
    }

    private sealed class ErrorCollector(ConcurrentQueue<string> errors) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, errors);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error)
                    errors.Enqueue($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
