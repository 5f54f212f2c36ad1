namespace Platform.Host.Lambda;

/// <summary>What belongs to a function as a whole rather than to one version: tags, its
/// resource policy, reserved concurrency and the last version number handed out.</summary>
internal sealed record FunctionRecord
{
    public required string Name { get; init; }
    public Dictionary<string, string> Tags { get; init; } = [];

    /// <summary>The policy's statements as Lambda returns them, each a JSON object.</summary>
    public List<PolicyStatement> Policy { get; init; } = [];

    public string PolicyRevisionId { get; init; } = Guid.NewGuid().ToString();
    public int? ReservedConcurrency { get; init; }
    public int LastVersion { get; init; }
}
