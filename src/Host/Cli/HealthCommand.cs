namespace Platform.Host.Cli;

/// <summary>`platform health`: a healthcheck that needs no curl in the container image.</summary>
internal static class HealthCommand
{
    public static async Task<int> RunAsync(int port, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{port}/_platform/health", cancellationToken);
            Console.WriteLine(await response.Content.ReadAsStringAsync(cancellationToken));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"platform health: {ex.Message}");
            return 1;
        }
    }
}
