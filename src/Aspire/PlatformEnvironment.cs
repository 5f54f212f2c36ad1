namespace Aspire.Hosting;

/// <summary>What a resource referencing the platform is given: the variables every AWS SDK and the CLI read.</summary>
internal static class PlatformEnvironment
{
    public static void Add(PlatformResource platform, IDictionary<string, object> variables)
    {
        variables["AWS_ENDPOINT_URL"] = platform.Endpoint;
        variables["AWS_ACCESS_KEY_ID"] = PlatformResource.AccessKeyId;
        variables["AWS_SECRET_ACCESS_KEY"] = PlatformResource.SecretAccessKey;
        variables["AWS_REGION"] = platform.Region;
        variables["AWS_DEFAULT_REGION"] = platform.Region;
    }
}
