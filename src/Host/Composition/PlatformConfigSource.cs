using Platform.Host.Configuration;

namespace Platform.Host.Composition;

/// <summary>Either a platform.yaml on disk or a config built in code (tests, embedding).</summary>
public sealed record PlatformConfigSource(string? Path, PlatformConfig? Inline)
{
    public static PlatformConfigSource FromFile(string path) => new(path, null);

    public static PlatformConfigSource FromConfig(PlatformConfig config) => new(null, config);

    public PlatformConfig Load() => Inline ?? ConfigLoader.Load(Path!);
}
