using Microsoft.Extensions.Logging;

namespace Platform.Functions;

/// <summary>A function's logger out of process: lines on stdout, which the platform (or Lambda)
/// captures into the invocation's log.</summary>
internal sealed class ConsoleFunctionLogger : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = $"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}";
        Console.Out.WriteLine(line);
    }
}
