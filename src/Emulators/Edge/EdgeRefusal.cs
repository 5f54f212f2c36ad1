namespace Platform.Emulators.Edge;

/// <summary>Why the edge refuses a request before its API runs it; each protocol names these its own way.</summary>
public enum EdgeRefusal
{
    /// <summary>The Host header names none of the platform's names (DNS rebinding).</summary>
    ForeignHost,

    /// <summary>A page of another site sent it, and nothing (a bucket's CORS) allows that site.</summary>
    ForeignOrigin,

    /// <summary>Authentication is on and the request is not signed.</summary>
    MissingAuthentication,

    /// <summary>Signed with an access key the platform does not know.</summary>
    UnknownAccessKey,

    /// <summary>The signature is not the one the secret key gives.</summary>
    SignatureMismatch,

    /// <summary>Signed too far from the platform's clock (or a presigned URL that has expired).</summary>
    ClockSkew,
}
