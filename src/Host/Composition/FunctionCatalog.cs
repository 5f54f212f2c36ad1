using Platform.Contracts.Functions;
using Platform.Emulators.Storage.Engine;
using Platform.Host.Configuration;

namespace Platform.Host.Composition;

/// <summary>The functions platform.yaml declares (plus any registered in code), by name and ARN.
/// Answers S3's destination validation and the triggers' question of which functions exist.</summary>
public sealed class FunctionCatalog : IFunctionDirectory
{
    private readonly Dictionary<string, FunctionDefinition> _byName;

    public FunctionCatalog(PlatformConfig config, IEnumerable<FunctionDefinition> registeredInCode)
    {
        Region = config.Region;
        AccountId = config.AccountId;
        _byName = new Dictionary<string, FunctionDefinition>(StringComparer.Ordinal);
        foreach (var function in config.Functions.Concat(registeredInCode))
        {
            if (!_byName.TryAdd(function.Name, function))
                throw new ConfigException(config.SourcePath, 0, $"function '{function.Name}' is declared twice.");
        }
    }

    public string Region { get; }
    public string AccountId { get; }
    public IReadOnlyCollection<FunctionDefinition> Functions => _byName.Values;

    public FunctionDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    public string ArnOf(string name) => $"arn:aws:lambda:{Region}:{AccountId}:function:{name}";

    /// <summary>Accepts the full ARN (optionally qualified with $LATEST) or a bare function name.</summary>
    public bool FunctionExists(string functionArn) => NameFromArn(functionArn) is { } name && _byName.ContainsKey(name);

    public static string? NameFromArn(string arnOrName)
    {
        var parts = arnOrName.Split(':');
        return parts.Length switch
        {
            1 => parts[0],
            7 when parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function" => parts[6],
            8 when parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function" && parts[7] == "$LATEST" => parts[6],
            _ => null,
        };
    }
}
