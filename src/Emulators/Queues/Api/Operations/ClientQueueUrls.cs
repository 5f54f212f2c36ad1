namespace Platform.Emulators.Queues.Api.Operations;

/// <summary>Queue URLs as the calling client can use them: the engine builds them from the
/// configured endpoint, but a client that reached us as <c>localhost:4566</c> or through a
/// container name must get URLs on that host back (as LocalStack does).</summary>
internal sealed class ClientQueueUrls(string engineBase, string? clientBase)
{
    public string ForClient(string engineUrl) =>
        clientBase is not null && engineUrl.StartsWith(engineBase, StringComparison.Ordinal)
            ? string.Concat(clientBase, engineUrl.AsSpan(engineBase.Length))
            : engineUrl;

    public List<string> ForClient(IReadOnlyList<string> engineUrls)
    {
        var urls = new List<string>(engineUrls.Count);
        foreach (var url in engineUrls)
            urls.Add(ForClient(url));
        return urls;
    }
}
