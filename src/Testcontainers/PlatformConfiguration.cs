using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;

namespace Platform.Testcontainers;

/// <summary>The platform container's configuration: nothing beyond a generic container's (the
/// builder expresses the config file, the function folders and the keys as mounts, a command and
/// environment), kept as its own type because Testcontainers' builders merge per type.</summary>
public sealed class PlatformConfiguration : ContainerConfiguration
{
    public PlatformConfiguration()
    {
    }

    public PlatformConfiguration(IResourceConfiguration<CreateContainerParameters> resourceConfiguration)
        : base(resourceConfiguration)
    {
    }

    public PlatformConfiguration(IContainerConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
    }

    public PlatformConfiguration(PlatformConfiguration resourceConfiguration)
        : this(new PlatformConfiguration(), resourceConfiguration)
    {
    }

    public PlatformConfiguration(PlatformConfiguration oldValue, PlatformConfiguration newValue)
        : base(oldValue, newValue)
    {
    }
}
