namespace Platform.Host.Configuration;

/// <summary>`url: { authType: NONE, cors: {…}, invokeMode: BUFFERED }` on a function: a function URL
/// the platform serves while the function is declared.</summary>
public sealed record FunctionUrlDeclaration
{
    public required string Function { get; init; }
    public string AuthType { get; init; } = "NONE";
    public string InvokeMode { get; init; } = "BUFFERED";
    public FunctionUrlCorsDeclaration? Cors { get; init; }
}
