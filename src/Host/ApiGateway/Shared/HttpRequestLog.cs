using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Platform.Host.ApiGateway;

/// <summary>
/// The last requests each HTTP front end answered — an API by its id, a function URL by its URL id —
/// for the dashboard's HTTP view. In memory and bounded (<see cref="PerEndpoint"/> each, only for
/// endpoints that exist): the durable record of what ran is the invocation history.
/// </summary>
internal sealed class HttpRequestLog(TimeProvider time)
{
    public const int PerEndpoint = 20;

    public sealed record Entry(DateTimeOffset At, string Method, string Path, int Status, double DurationMs, string? RequestId);

    private readonly ConcurrentDictionary<string, Queue<Entry>> _byEndpoint = new(StringComparer.Ordinal);

    /// <summary>Records the request <paramref name="context"/> answered, begun at <paramref name="startedTimestamp"/> (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public void Record(string endpointId, HttpContext context, long startedTimestamp, string? requestId)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var entry = new Entry(time.GetUtcNow(), context.Request.Method, raw, context.Response.StatusCode,
            time.GetElapsedTime(startedTimestamp).TotalMilliseconds, requestId);
        var entries = _byEndpoint.GetOrAdd(endpointId, _ => new Queue<Entry>(PerEndpoint));
        lock (entries)
        {
            if (entries.Count == PerEndpoint)
                entries.Dequeue();
            entries.Enqueue(entry);
        }
    }

    /// <summary>The endpoint's last requests, newest first.</summary>
    public IReadOnlyList<Entry> Last(string endpointId)
    {
        if (!_byEndpoint.TryGetValue(endpointId, out var entries))
            return [];
        lock (entries)
            return entries.Reverse().ToList();
    }

    /// <summary>Forgets every endpoint's requests (the dashboard's reset).</summary>
    public void Clear() => _byEndpoint.Clear();
}
