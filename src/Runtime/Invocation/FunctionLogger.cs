using Microsoft.Extensions.Logging;

namespace Platform.Runtime.Invocation;

/// <summary>
/// Tags every line with FunctionName and RequestId by opening the scope per call, so lines
/// logged from work the function started outside the invocation's async flow are tagged too.
/// </summary>
internal sealed class FunctionLogger(ILogger inner, string functionName, string requestId, InvocationOutput? output = null) : ILogger
{
    private readonly KeyValuePair<string, object?>[] _scope =
    [
        new("FunctionName", functionName),
        new("RequestId", requestId),
    ];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    // Lines go to the invocation's own log whatever the platform's level, as a Lambda's CloudWatch stream would.
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && (output is not null || inner.IsEnabled(logLevel));

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        output?.AppendLine($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
        if (!inner.IsEnabled(logLevel))
            return;
        using (inner.BeginScope(_scope))
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
