using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Containers;

/// <summary>
/// Builds the platform image (`platform:local`, compose.yaml's `platform` service, from the repository's
/// Dockerfile) as a user's `docker compose up` does. Test projects run in parallel processes: flock makes
/// the second wait for the first and then find every layer cached; unchanged sources rebuild in seconds.
/// </summary>
public static class PlatformImage
{
    public const string Name = "platform:local";

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static bool _built;

    public static async Task EnsureBuiltAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_built)
                return;
            var result = await ProcessRunner.RunAsync("/usr/bin/flock",
                [Path.Combine(Path.GetTempPath(), "platform-image-build.lock"),
                 "/usr/bin/docker-compose", "-f", Path.Combine(RepositoryPaths.Root, "compose.yaml"), "build", "platform"],
                new Dictionary<string, string> { ["DOCKER_HOST"] = ContainerEngine.DockerHost },
                timeout: TimeSpan.FromMinutes(25));
            Assert.True(result.ExitCode == 0, $"docker-compose build failed:\n{result.StandardOutput}\n{result.StandardError}");
            _built = true;
        }
        finally
        {
            Once.Release();
        }
    }
}
