using Platform.Contracts.Functions;
using Platform.Emulators.State;

namespace Platform.Triggers;

/// <summary>The functions the platform runs now. The host implements it (platform.yaml, reloaded on
/// change) or uses <see cref="InMemoryFunctionCatalog"/>.</summary>
public interface IFunctionCatalog
{
    IReadOnlyList<FunctionDefinition> Functions { get; }

    /// <summary>Fires after <see cref="Functions"/> changed.</summary>
    ChangeSignal Changed { get; }
}
