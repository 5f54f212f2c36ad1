namespace Platform.Emulators.Edge;

/// <summary>What one protocol answers for the failures every edge API shares: a body that is not
/// well-framed HTTP, a body that stalls, a disk that is full (a "try later" error), and a fault of
/// the platform itself, and a request the edge refuses (foreign Host or Origin, authentication).</summary>
public sealed record EdgeFailures(
    Func<string, EdgeException> MalformedBody,
    Func<EdgeException> BodyTimeout,
    Func<EdgeException> Unavailable,
    Func<EdgeException> Internal,
    Func<EdgeRefusal, string, EdgeException> Refused);
