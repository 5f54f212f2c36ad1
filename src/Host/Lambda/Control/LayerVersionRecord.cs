namespace Platform.Host.Lambda;

internal sealed record LayerVersionRecord
{
    public required string LayerName { get; init; }
    public required int Version { get; init; }
    public string Description { get; init; } = "";
    public List<string> CompatibleRuntimes { get; init; } = [];
    public List<string> CompatibleArchitectures { get; init; } = [];
    public string? LicenseInfo { get; init; }
    public required string CodeId { get; init; }
    public required string CodeSha256 { get; init; }
    public required long CodeSize { get; init; }
    public required DateTimeOffset CreatedDate { get; init; }

    /// <summary>Deleted versions keep their number (Lambda never reuses one) and their code, which
    /// functions created with them keep using, as in Lambda.</summary>
    public bool Deleted { get; init; }
}
