using Platform.Emulators.State;

namespace Platform.Emulators.Edge;

/// <summary>What the edge found out about a request before handing it to its API (a request
/// feature): a refusal the API answers in its own shape, and the browser origin it came from.</summary>
public sealed class EdgeCheck
{
    public EdgeRefusal? Refusal { get; set; }
    public string RefusalMessage { get; set; } = "";

    /// <summary>The Origin header (or "cross-site" from Sec-Fetch-Site) when it is not the platform's
    /// own or a loopback page; only a bucket's CORS configuration may let such a request through.</summary>
    public string? ForeignOrigin { get; set; }

    /// <summary>Set when a verified S3 request streams a signed aws-chunked body: its chunks are checked as they are read.</summary>
    public ChunkSignatureChain? ChunkSignatures { get; set; }

    /// <summary>The data directory's disk, so a full disk refuses writes but serves reads and deletes.</summary>
    public DiskSpace? Disk { get; set; }

    /// <summary>Throws <see cref="DiskFullException"/> (the protocol's "try later" error) when the disk is
    /// full: called by an API for every operation that is neither a read nor a delete.</summary>
    public static void RequireSpace(Microsoft.AspNetCore.Http.HttpContext context)
    {
        if (context.Features.Get<EdgeCheck>()?.Disk is { IsFull: true })
            throw new DiskFullException();
    }

    public void Refuse(EdgeRefusal refusal, string message)
    {
        Refusal ??= refusal;
        if (RefusalMessage.Length == 0)
            RefusalMessage = message;
    }
}
