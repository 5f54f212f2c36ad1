using Platform.Contracts.Functions;

namespace Platform.Runtime.Registry;

/// <summary>Builds the handlers of one kind of function (in-process .NET, processes over the Runtime
/// API). The registry asks each in turn; it knows none of them.</summary>
internal interface IFunctionHandlerFactory
{
    bool Accepts(FunctionDefinition definition);

    /// <exception cref="Invocation.FunctionLoadException">The definition cannot run (its message names the function).</exception>
    IFunctionHandler Create(FunctionDefinition definition);

    /// <summary>The code changed under a handler that does not reload itself: forget what was loaded.</summary>
    void ForgetCode(string function)
    {
    }

    /// <summary>A reloaded handler replaced the old one, which may now be unloaded.</summary>
    void ReleasePreviousCode(string function)
    {
    }

    /// <summary>The folder whose changes are code changes (hot reload), or null.</summary>
    string? CodeDirectory(FunctionDefinition definition);
}
