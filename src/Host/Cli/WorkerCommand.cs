using Platform.Host.Configuration;
using Platform.Host.Workers;

namespace Platform.Host.Cli;

internal static class WorkerCommand
{
    public static async Task<int> RunAsync(WorkerSettings settings, CancellationToken cancellationToken)
    {
        WorkerApp worker;
        try
        {
            worker = await WorkerApp.StartAsync(settings, cancellationToken: cancellationToken);
        }
        catch (ConfigException ex)
        {
            await Console.Error.WriteLineAsync($"platform worker: configuration error: {ex.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            // SIGTERM while still waiting for the broker: nothing was taken, nothing to drain.
            await Console.Error.WriteLineAsync("platform worker: stopped before the broker was reached");
            return 0;
        }

        await using (worker)
        {
            // Tests and scripts wait for this exact line.
            Console.WriteLine($"Worker ready: {worker.WorkerId} runs {string.Join(", ", worker.Functions)} " +
                $"in {worker.StartupTime.TotalMilliseconds:F0} ms (config {worker.Config.SourcePath})");
            await worker.WaitForShutdownAsync(CancellationToken.None);
        }

        return 0;
    }
}
