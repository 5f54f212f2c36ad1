namespace Platform.Host.Lambda;

internal sealed record AliasRecord
{
    public required string FunctionName { get; init; }
    public required string Name { get; init; }
    public required string FunctionVersion { get; init; }
    public string Description { get; init; } = "";
    public Dictionary<string, double> AdditionalVersionWeights { get; init; } = [];
    public required string RevisionId { get; init; }
}
