namespace Platform.Emulators.Storage.Engine;

/// <summary>Who made a change: S3 event records carry the request id and the caller's IP.</summary>
public sealed record RequestOrigin(string RequestId, string SourceIpAddress)
{
    /// <summary>The caller's trace (X-Ray header form), stored with the journal row so the event's
    /// invocation joins the caller's trace; null when nothing is traced.</summary>
    public string? TraceHeader { get; init; }

    public static RequestOrigin Internal { get; } = new("0000000000000000", "127.0.0.1");
}
