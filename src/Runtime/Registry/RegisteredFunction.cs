using Platform.Contracts.Functions;

namespace Platform.Runtime.Registry;

/// <summary>A function ready to run. The environment is computed once per definition.</summary>
internal sealed record RegisteredFunction(FunctionDefinition Definition, IFunctionHandler Handler, IReadOnlyDictionary<string, string> Environment);
