using Microsoft.AspNetCore.Http;

namespace Platform.Emulators.Edge;

/// <summary>One protocol's error shape: the only part of error handling an edge API writes itself.</summary>
public interface IEdgeErrorShape
{
    /// <summary>The protocol's codes for the failures <see cref="EdgeEnvelope"/> recognises.</summary>
    EdgeFailures Failures { get; }

    /// <summary>True when the API itself decides whether a foreign web origin may call it (S3, by the
    /// bucket's CORS rules); every other API refuses such requests before they run.</summary>
    bool DecidesForeignOrigins => false;

    /// <summary>Turns an exception of the protocol's own parsers (e.g. a JsonException) into its error,
    /// or null when it is not one.</summary>
    EdgeException? Translate(Exception error);

    /// <summary>Writes <paramref name="error"/> as the response; the response has not started.</summary>
    Task WriteAsync(HttpContext context, EdgeException error);
}
