using Platform.Host.Configuration;

namespace Platform.Host.Composition;

/// <summary>
/// The platform.yaml version running now. The <see cref="PlatformConfig"/> singleton stays the one
/// the platform started with (what start-time settings such as the region were built from); this
/// one follows reloads.
/// </summary>
internal sealed class CurrentPlatformConfig(PlatformConfig initial)
{
    private volatile PlatformConfig _value = initial;

    public PlatformConfig Value
    {
        get => _value;
        set => _value = value;
    }
}
