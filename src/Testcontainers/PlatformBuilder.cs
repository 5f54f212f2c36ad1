using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;

namespace Platform.Testcontainers;

/// <summary>
/// Builds a <see cref="PlatformContainer"/>: the platform image (<c>docker build -t platform:local .</c>
/// in the repository) running <c>platform up</c> on the edge port 4566, mapped to a free host port,
/// ready once <c>/_platform/health</c> answers 200 (every trigger running).
/// <code>
/// await using var platform = new PlatformBuilder("platform:local").WithConfig("platform.yaml").Build();
/// await platform.StartAsync();
/// using var s3 = platform.CreateS3Client();
/// </code>
/// </summary>
public sealed class PlatformBuilder : ContainerBuilder<PlatformBuilder, PlatformContainer, PlatformConfiguration>
{
    /// <summary>The edge port inside the container: every API (S3, SQS, Kinesis, DynamoDB, Lambda) and /_platform.</summary>
    public const ushort EdgePort = 4566;

    /// <summary>Where the config file and the function folders go inside the container. Relative paths in
    /// platform.yaml (<c>code: ./thumbs</c>) resolve against the file's folder, so functions mounted with
    /// <see cref="WithFunctions"/> sit next to it.</summary>
    public const string ConfigDirectory = "/config";

    /// <summary>The access key and secret the platform checks signatures with (it listens on every
    /// interface in the container, which turns signature checks on); the client helpers sign with them.</summary>
    public const string AccessKey = "test";
    public const string SecretKey = "test";

    private const string ConfigFile = ConfigDirectory + "/platform.yaml";

    /// <summary>A builder for the platform image <paramref name="image"/>, e.g. <c>platform:local</c>.</summary>
    public PlatformBuilder(string image)
        : this(new PlatformConfiguration())
    {
        DockerResourceConfiguration = Init().WithImage(image).DockerResourceConfiguration;
    }

    private PlatformBuilder(PlatformConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
        DockerResourceConfiguration = resourceConfiguration;
    }

    protected override PlatformConfiguration DockerResourceConfiguration { get; }

    /// <summary>The platform.yaml to run (copied into the container, so it works with a remote engine too).
    /// Without one the platform starts with no functions; resources can still be created through the APIs.</summary>
    public PlatformBuilder WithConfig(string platformYaml)
    {
        var file = new FileInfo(platformYaml);
        if (!file.Exists)
            throw new FileNotFoundException($"The platform config {file.FullName} does not exist.", file.FullName);
        return WithResourceMapping(File.ReadAllBytes(file.FullName), ConfigFile)
            .WithCommand("--config", ConfigFile);
    }

    /// <summary>Mounts a host folder of function code (read-only) at <c>/config/&lt;name&gt;</c> — by default the
    /// folder's own name, which is what a <c>code: ./&lt;name&gt;</c> in a platform.yaml next to it refers to.
    /// A bind mount, not a copy: the platform watches function folders, so an edit on the host reloads the function.</summary>
    public PlatformBuilder WithFunctions(string hostDirectory, string? name = null)
    {
        var directory = new DirectoryInfo(hostDirectory);
        if (!directory.Exists)
            throw new DirectoryNotFoundException($"The function folder {directory.FullName} does not exist.");
        return WithBindMount(directory.FullName, $"{ConfigDirectory}/{name ?? directory.Name}", AccessMode.ReadOnly);
    }

    public override PlatformContainer Build()
    {
        Validate();
        return new PlatformContainer(DockerResourceConfiguration);
    }

    protected override PlatformBuilder Init() => base.Init()
        .WithPortBinding(EdgePort, true)
        // The image's entrypoint is the platform CLI; WithConfig appends its --config.
        .WithCommand("up", "--host", "0.0.0.0", "--port", EdgePort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", "/data")
        .WithEnvironment("PLATFORM_ACCESS_KEYS", $"{AccessKey}:{SecretKey}")
        .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request
            .ForPort(EdgePort)
            .ForPath("/_platform/health")));

    protected override PlatformBuilder Clone(IResourceConfiguration<CreateContainerParameters> resourceConfiguration) =>
        Merge(DockerResourceConfiguration, new PlatformConfiguration(resourceConfiguration));

    protected override PlatformBuilder Clone(IContainerConfiguration resourceConfiguration) =>
        Merge(DockerResourceConfiguration, new PlatformConfiguration(resourceConfiguration));

    protected override PlatformBuilder Merge(PlatformConfiguration oldValue, PlatformConfiguration newValue) =>
        new(new PlatformConfiguration(oldValue, newValue));
}
