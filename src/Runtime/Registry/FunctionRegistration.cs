using Platform.Contracts.Functions;

namespace Platform.Runtime.Registry;

/// <summary>A function registered in code; its handler is built once the container exists so
/// constructors can take services.</summary>
internal sealed record FunctionRegistration(FunctionDefinition Definition, Func<IServiceProvider, IFunctionHandler> CreateHandler);
