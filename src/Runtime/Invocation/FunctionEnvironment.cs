using Platform.Contracts.Functions;

namespace Platform.Runtime.Invocation;

/// <summary>The variables Lambda gives every function, so code written for Lambda (and the AWS SDKs
/// it creates) finds its region, name and — here — the emulators' endpoint.</summary>
internal static class FunctionEnvironment
{
    public static IReadOnlyDictionary<string, string> Build(FunctionDefinition definition, RuntimeOptions options)
    {
        var environment = new Dictionary<string, string>(definition.Environment, StringComparer.Ordinal);

        // Lambda reserves these; the function's own configuration cannot change them.
        environment["AWS_REGION"] = options.Region;
        environment["AWS_DEFAULT_REGION"] = options.Region;
        // A version or alias (registered as name:qualifier) sees the bare name and the version it runs.
        environment["AWS_LAMBDA_FUNCTION_NAME"] = definition.LambdaName;
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = definition.MemorySize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = definition.Version;
        environment["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + definition.LambdaName;

        // These a user may point elsewhere (a real MinIO, other credentials), so only defaults.
        environment.TryAdd("AWS_ENDPOINT_URL", options.EdgeUrl);
        environment.TryAdd("AWS_ACCESS_KEY_ID", "test");
        environment.TryAdd("AWS_SECRET_ACCESS_KEY", "test");
        return environment;
    }
}
