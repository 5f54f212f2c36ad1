using Platform.Contracts.Functions;
using Platform.Triggers;

namespace Platform.Host.Lambda;

/// <summary>Finds a function of the catalog by any name Lambda accepts: <c>my-function</c>,
/// <c>my-function:$LATEST</c>, <c>123456789012:function:my-function</c> or the full ARN.</summary>
internal sealed class LambdaFunctions(IFunctionCatalog catalog, TriggerOptions options)
{
    public string Region => options.Region;
    public string AccountId => options.AccountId;

    /// <summary>The functions themselves, without the versions and aliases registered as <c>name:qualifier</c>.</summary>
    public IReadOnlyList<FunctionDefinition> All => [.. catalog.Functions.Where(f => !f.Name.Contains(':'))];

    public string ArnOf(string name) => FunctionDefinition.ArnOf(options.Region, options.AccountId, name);

    /// <exception cref="LambdaException">ResourceNotFoundException, or InvalidParameterValueException
    /// for a name that is no function name at all.</exception>
    public FunctionDefinition Resolve(string nameOrArn, string? qualifier = null)
    {
        var (name, nameQualifier) = ParseName(nameOrArn);
        qualifier ??= nameQualifier;
        // Published versions and aliases are registered as functions of their own, name:qualifier.
        var registered = qualifier is null or "$LATEST" ? name : $"{name}:{qualifier}";
        var function = catalog.Functions.FirstOrDefault(f => string.Equals(f.Name, registered, StringComparison.Ordinal));
        if (function is null)
            throw LambdaException.NotFound($"Function not found: {ArnOf(name)}{(qualifier is null ? "" : ":" + qualifier)}");
        return function;
    }

    /// <summary>The bare function name of any accepted form, without looking it up.</summary>
    public static (string Name, string? Qualifier) ParseName(string nameOrArn)
    {
        var parts = nameOrArn.Split(':');
        (string Name, string? Qualifier) parsed = parts switch
        {
            ["arn", _, "lambda", _, _, "function", var n] => (n, null),
            ["arn", _, "lambda", _, _, "function", var n, var q] => (n, q),
            [_, "function", var n] => (n, null),
            [_, "function", var n, var q] => (n, q),
            [var n] => (n, null),
            [var n, var q] => (n, q),
            _ => ("", null),
        };
        if (parsed.Name.Length is 0 or > 140 || !parsed.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            || parsed.Qualifier is { Length: 0 })
        {
            throw LambdaException.Validation("functionName", nameOrArn,
                "Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
        }
        return parsed;
    }
}
