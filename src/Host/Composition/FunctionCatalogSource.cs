using Platform.Runtime.Registry;
using Platform.Triggers;

namespace Platform.Host.Composition;

/// <summary>Keeps the triggers' function catalog equal to the runtime registry's functions.</summary>
internal sealed class FunctionCatalogSource(FunctionRegistry registry)
{
    public InMemoryFunctionCatalog Catalog { get; } = new(registry.Definitions);

    public void Refresh() => Catalog.Replace(registry.Definitions);
}
