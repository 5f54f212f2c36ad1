namespace Platform.Runtime.Invocation;

/// <summary>A function could not be loaded; the message says which function and what to fix.</summary>
public sealed class FunctionLoadException(string functionName, string problem, Exception? inner = null)
    : Exception($"Function '{functionName}': {problem}", inner)
{
    public string FunctionName { get; } = functionName;
}
