using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Host.Lambda;

/// <summary>Lambda's rules for the members of CreateFunction and UpdateFunctionConfiguration, with
/// the error Lambda answers for each.</summary>
internal static partial class FunctionRules
{
    /// <summary>Lambda's runtime enum; those this platform runs natively are <see cref="Runnable"/>.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x",
        "nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x", "java8", "java8.al2", "java11", "java17", "java21", "java25",
        "python2.7", "python3.6", "python3.7", "python3.8", "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14",
        "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet6", "dotnet8", "dotnet10", "nodejs4.3-edge", "go1.x",
        "ruby2.5", "ruby2.7", "ruby3.2", "ruby3.3", "ruby3.4", "provided", "provided.al2", "provided.al2023",
    };

    public static readonly IReadOnlySet<string> Runnable = new HashSet<string>(StringComparer.Ordinal)
    {
        "nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x",
        "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14",
        "provided", "provided.al2", "provided.al2023", "dotnet8", "dotnet10",
    };

    private static readonly string[] ReservedVariables =
    [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ];

    public static string Runtime(string runtime)
    {
        if (!Known.Contains(runtime))
        {
            throw LambdaException.Validation("runtime", runtime,
                $"Member must satisfy enum value set: [{string.Join(", ", Known.Order(StringComparer.Ordinal))}]");
        }
        if (!Runnable.Contains(runtime))
        {
            throw LambdaException.InvalidParameter(
                $"The runtime parameter of {runtime} is not supported by this platform; it runs {string.Join(", ", Runnable.Order(StringComparer.Ordinal))}.");
        }
        return runtime;
    }

    public static string Handler(string handler)
    {
        if (handler.Length > 128)
            throw LambdaException.Validation("handler", handler, "Member must have length less than or equal to 128");
        if (!HandlerPattern().IsMatch(handler))
            throw LambdaException.Validation("handler", handler, "Member must satisfy regular expression pattern: [^\\s]+");
        return handler;
    }

    public static string Role(string role) =>
        RolePattern().IsMatch(role) ? role
        : throw LambdaException.Validation("role", role, "Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");

    /// <summary>CreateFunction's name: a bare name of at most 64 characters (or an ARN naming one).</summary>
    public static string NewFunctionName(string nameOrArn)
    {
        var (name, qualifier) = LambdaFunctions.ParseName(nameOrArn);
        if (qualifier is not null)
            throw LambdaException.InvalidParameter($"Function name {nameOrArn} cannot contain a qualifier when the function is created.");
        if (name.Length > 64)
            throw LambdaException.Validation("functionName", nameOrArn, "Member must have length less than or equal to 64");
        return name;
    }

    public static string Description(string description) =>
        description.Length <= 256 ? description : throw LambdaException.Validation("description", description, "Member must have length less than or equal to 256");

    public static Dictionary<string, string> Environment(JsonElement environment)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (LambdaJson.Object(environment, "Variables") is not { } members)
            return variables;
        foreach (var member in members.EnumerateObject())
        {
            if (member.Value.ValueKind != JsonValueKind.String)
                throw LambdaException.BadContent($"Could not parse request body into json: Environment.Variables.{member.Name} must be a string.");
            if (!VariableName().IsMatch(member.Name))
                throw LambdaException.Validation("environment.variables", member.Name, "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
            variables[member.Name] = member.Value.GetString()!;
        }
        var reserved = variables.Keys.Where(k => ReservedVariables.Contains(k, StringComparer.Ordinal)).ToList();
        if (reserved.Count > 0)
        {
            throw LambdaException.InvalidParameter("Lambda was unable to configure your environment variables because the environment variables you have provided " +
                $"contains reserved keys that are currently not supported for modification. Reserved keys used in this request: {string.Join(", ", reserved)}");
        }
        // Lambda measures the variables as the JSON object it stores.
        var measured = JsonSerializer.Serialize(variables, ControlJsonContext.Default.DictionaryStringString);
        if (Encoding.UTF8.GetByteCount(measured) > 4096)
        {
            throw LambdaException.InvalidParameter("Lambda was unable to configure your environment variables because the environment variables you have provided " +
                $"exceeded the 4KB limit. String measured: {measured}");
        }
        return variables;
    }

    [GeneratedRegex(@"^[^\s]+$")]
    private static partial Regex HandlerPattern();

    [GeneratedRegex(@"^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")]
    private static partial Regex RolePattern();

    [GeneratedRegex("^[a-zA-Z]([a-zA-Z0-9_])+$")]
    private static partial Regex VariableName();
}
