using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.IntegrationTests.Support;

/// <summary>Reads /_platform. <see cref="WaitForInvocationsAsync"/> long-polls the invocation log,
/// so tests wait on the platform's own signal instead of sleeping.</summary>
public sealed class PlatformAdminClient(Uri endpoint) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<JsonElement> GetAsync(string path) =>
        await _http.GetFromJsonAsync<JsonElement>(path);

    /// <summary>Returns the function's invocations (newest first) once at least
    /// <paramref name="count"/> match, or throws after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement[]> WaitForInvocationsAsync(string function, int count, TimeSpan timeout,
        string? outcome = null)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTimeOffset.UtcNow;
            var query = $"/_platform/invocations?function={Uri.EscapeDataString(function)}&minCount={count}" +
                        $"&waitSeconds={Math.Max(0, (int)Math.Ceiling(left.TotalSeconds))}" +
                        (outcome is null ? "" : "&outcome=" + outcome);
            var entries = (await GetAsync(query)).EnumerateArray().ToArray();
            if (entries.Length >= count)
                return entries;
            if (DateTimeOffset.UtcNow >= deadline)
                throw new TimeoutException($"{entries.Length} of {count} invocations of {function} after {timeout}: " +
                                           JsonSerializer.Serialize(entries));
        }
    }

    public void Dispose() => _http.Dispose();
}
