using Platform.Host.Composition;
using Platform.Host.Configuration;

namespace Platform.Host.Cli;

internal static class UpCommand
{
    public static async Task<int> RunAsync(PlatformSettings settings, CancellationToken cancellationToken)
    {
        PlatformApp app;
        try
        {
            app = await PlatformApp.StartAsync(settings, cancellationToken: cancellationToken);
        }
        catch (ConfigException ex)
        {
            await Console.Error.WriteLineAsync($"platform: configuration error: {ex.Message}");
            return 2;
        }

        await using (app)
        {
            // Tests and scripts wait for this exact line.
            Console.WriteLine($"Platform ready on {app.Endpoint} in {app.StartupTime.TotalMilliseconds:F0} ms " +
                $"(config {app.Config.SourcePath}, data {app.DataLocation})");
            await app.WaitForShutdownAsync(CancellationToken.None);
        }

        return 0;
    }
}
