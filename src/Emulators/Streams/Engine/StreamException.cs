using Platform.Emulators.Edge;

namespace Platform.Emulators.Streams.Engine;

/// <summary>A request Kinesis refuses, with Kinesis's error code (ResourceNotFoundException,
/// InvalidArgumentException, ExpiredIteratorException, …) and HTTP status.</summary>
public sealed class StreamException(string code, string message, int statusCode = 400) : EdgeException(code, message, statusCode)
{
    public int StatusCode => Status;
}
