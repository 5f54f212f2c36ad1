using Platform.Host.Lambda;
using Platform.Runtime.Registry;
using Platform.Triggers;

namespace Platform.Host.Composition;

/// <summary>Keeps the triggers' function catalog equal to the runtime registry's functions, with
/// the async invoke configs set through the Lambda API applied.</summary>
internal sealed class FunctionCatalogSource(FunctionRegistry registry, EventInvokeConfigOverrides invokeConfigs)
{
    public InMemoryFunctionCatalog Catalog { get; } = new(invokeConfigs.Apply(registry.Definitions));

    public void Refresh() => Catalog.Replace(invokeConfigs.Apply(registry.Definitions));
}
