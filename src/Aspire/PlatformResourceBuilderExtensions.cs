using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// <code>
/// var aws = builder.AddPlatform("aws").WithConfig("platform.yaml");
/// builder.AddProject&lt;Projects.Api&gt;("api").WithReference(aws);   // AWS_ENDPOINT_URL etc.
/// </code>
/// </summary>
public static class PlatformResourceBuilderExtensions
{
    /// <summary>The environment variable naming the built host when <see cref="WithPlatformPath"/> is not called.</summary>
    public const string PlatformPathVariable = "PLATFORM_PATH";

    /// <summary>
    /// Adds the platform as an executable resource with an HTTP endpoint (<paramref name="port"/>, or one
    /// Aspire picks) and a health check on <c>/_platform/health</c>. State is in memory until
    /// <see cref="WithDataDirectory"/>. The host run is <see cref="WithPlatformPath"/>'s, else
    /// <c>$PLATFORM_PATH</c>, else <c>platform</c> on PATH.
    /// </summary>
    public static IResourceBuilder<PlatformResource> AddPlatform(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var resource = new PlatformResource(name, "platform", builder.AppHostDirectory);
        var platform = builder.AddResource(resource)
            // DCP proxies the endpoint's port to a target port it picks and passes on --port below.
            .WithHttpEndpoint(port: port, name: PlatformResource.EndpointName)
            .WithHttpHealthCheck(PlatformResource.HealthPath, endpointName: PlatformResource.EndpointName)
            .WithArgs(context => PlatformArguments.Add(resource, context.Args))
            .WithIconName("CloudFlow");
        if (Environment.GetEnvironmentVariable(PlatformPathVariable) is { Length: > 0 } path)
            platform.WithPlatformPath(path);
        return platform;
    }

    /// <summary>The built host: <c>…/platform.dll</c> (run as <c>dotnet exec</c>) or a <c>platform</c> executable.
    /// A relative path is taken from the AppHost's directory.</summary>
    public static IResourceBuilder<PlatformResource> WithPlatformPath(this IResourceBuilder<PlatformResource> builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path, builder.ApplicationBuilder.AppHostDirectory);
        builder.Resource.PlatformPath = full;
        return builder.WithCommand(full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet" : full);
    }

    /// <summary>The platform.yaml to load (relative to the AppHost's directory). The platform runs in the
    /// file's directory, so the paths inside it (a function's <c>code:</c>) mean what they mean for
    /// <c>platform up</c>; saving the file reloads it.</summary>
    public static IResourceBuilder<PlatformResource> WithConfig(this IResourceBuilder<PlatformResource> builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path, builder.ApplicationBuilder.AppHostDirectory);
        builder.Resource.ConfigPath = full;
        return builder.WithWorkingDirectory(Path.GetDirectoryName(full)!);
    }

    /// <summary>Keeps state (buckets, objects, queues, streams, tables…) in <paramref name="path"/> across runs
    /// (relative to the AppHost's directory), instead of in memory.</summary>
    public static IResourceBuilder<PlatformResource> WithDataDirectory(this IResourceBuilder<PlatformResource> builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        builder.Resource.DataDirectory = Path.GetFullPath(path, builder.ApplicationBuilder.AppHostDirectory);
        return builder;
    }

    /// <summary>State in memory, gone when the platform stops (the default).</summary>
    public static IResourceBuilder<PlatformResource> WithInMemoryState(this IResourceBuilder<PlatformResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.DataDirectory = null;
        return builder;
    }

    /// <summary>The region referencing resources are told (AWS_REGION); platform.yaml's <c>region:</c> should say the same.</summary>
    public static IResourceBuilder<PlatformResource> WithRegion(this IResourceBuilder<PlatformResource> builder, string region)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(region);
        builder.Resource.Region = region;
        return builder;
    }

    /// <summary>
    /// Points the AWS SDKs and CLI of <paramref name="builder"/> at the platform: AWS_ENDPOINT_URL (the
    /// endpoint every SDK since 2023 reads), AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (test keys),
    /// AWS_REGION and AWS_DEFAULT_REGION. Shown as a reference in the dashboard.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<PlatformResource> platform)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(platform);
        var resource = platform.Resource;
        return builder
            .WithReferenceRelationship(resource)
            .WithEnvironment(context => PlatformEnvironment.Add(resource, context.EnvironmentVariables));
    }
}
