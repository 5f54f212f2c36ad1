using Platform.Contracts.Functions;
using Platform.Runtime.Registry;

namespace Platform.Runtime.Invocation;

/// <summary><c>runtime: dotnet</c> in this process: the assembly is loaded into its own collectible
/// context and the handler resolved now, so a bad configuration fails at start.</summary>
internal sealed class InProcessHandlerFactory(DotnetAssemblyLoader loader) : IFunctionHandlerFactory
{
    public bool Accepts(FunctionDefinition definition) =>
        string.Equals(definition.Runtime, "dotnet", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(definition.Isolation, "process", StringComparison.OrdinalIgnoreCase);

    public IFunctionHandler Create(FunctionDefinition definition) => loader.CreateHandler(definition);

    public void ForgetCode(string function) => loader.Forget(function);

    public void ReleasePreviousCode(string function) => loader.UnloadPrevious(function);

    public string? CodeDirectory(FunctionDefinition definition) =>
        definition.CodeDirectory ?? (definition.Assembly is { } assembly ? Path.GetDirectoryName(Path.GetFullPath(assembly)) : null);
}
