using Microsoft.AspNetCore.Http;

namespace Platform.Host.Lambda;

/// <summary>One Lambda API request: its path segments (URL-decoded) and its whole body.</summary>
internal sealed record LambdaRequest(HttpContext Context, string[] Segments, ReadOnlyMemory<byte> Body, string RequestId)
{
    public CancellationToken Aborted => Context.RequestAborted;

    public string? Query(string name) =>
        Context.Request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    public string? Header(string name) =>
        Context.Request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
