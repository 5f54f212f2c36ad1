using Platform.Contracts.Functions;
using Platform.Emulators.State;

namespace Platform.Triggers;

/// <summary>An <see cref="IFunctionCatalog"/> whose set is replaced whole (a config reload).</summary>
public sealed class InMemoryFunctionCatalog(IEnumerable<FunctionDefinition> functions) : IFunctionCatalog
{
    private volatile IReadOnlyList<FunctionDefinition> _functions = functions.ToArray();

    public IReadOnlyList<FunctionDefinition> Functions => _functions;

    public ChangeSignal Changed { get; } = new();

    public void Replace(IEnumerable<FunctionDefinition> functions)
    {
        _functions = functions.ToArray();
        Changed.Notify();
    }
}
