using Platform.Host.Composition;
using Platform.Host.Configuration;

namespace Platform.IntegrationTests.Hardening;

/// <summary>Signatures are checked by default exactly when other machines can reach the APIs, and
/// the platform does not start checking them without keys to check them against.</summary>
public sealed class AuthDefaultsTests
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.0.0.2", false)]
    [InlineData("localhost", false)]
    [InlineData("::1", false)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::", true)]
    [InlineData("192.168.1.20", true)]
    public void SignaturesAreRequired_WhenTheHostIsNotLoopback(string host, bool required) =>
        Assert.Equal(required, new PlatformSettings { Config = PlatformConfigSource.FromConfig(PlatformConfig.Empty), Host = host }.SignaturesRequired);

    [Fact]
    public void AnExplicitAuthModeWins() =>
        Assert.False(new PlatformSettings { Config = PlatformConfigSource.FromConfig(PlatformConfig.Empty), Host = "0.0.0.0", RequireSignatures = false }
            .SignaturesRequired);

    [Fact]
    public async Task SigV4WithoutAccessKeys_DoesNotStart()
    {
        var error = await Assert.ThrowsAsync<ConfigException>(() => PlatformApp.StartAsync(new PlatformSettings
        {
            Config = PlatformConfigSource.FromConfig(PlatformConfig.Empty),
            Port = 0,
            InMemory = true,
            RequireSignatures = true,
        }));
        Assert.Contains("--access-key", error.Message);
    }
}
