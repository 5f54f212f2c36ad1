namespace Platform.Host.Lambda;

/// <summary>One function URL: the function (and alias, or null for the unqualified function) it
/// invokes, its 32-character id (the host label of its address) and its settings.</summary>
internal sealed record FunctionUrlConfig
{
    public required string FunctionName { get; init; }
    public string? Qualifier { get; init; }
    public required string UrlId { get; init; }
    public required string AuthType { get; init; }
    public FunctionUrlCors? Cors { get; init; }
    public string InvokeMode { get; init; } = "BUFFERED";
    public required DateTimeOffset CreationTime { get; init; }
    public required DateTimeOffset LastModifiedTime { get; init; }

    /// <summary>Declared by platform.yaml (`url:` on a function): read-only through the API.</summary>
    public bool Declared { get; init; }

    public string Key => FunctionUrlStore.KeyOf(FunctionName, Qualifier);
}
