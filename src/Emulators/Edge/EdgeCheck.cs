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

    public void Refuse(EdgeRefusal refusal, string message)
    {
        Refusal ??= refusal;
        if (RefusalMessage.Length == 0)
            RefusalMessage = message;
    }
}
