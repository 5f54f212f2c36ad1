namespace Platform.Emulators.Edge;

/// <summary>
/// A request an edge API refuses, with the code and HTTP status its AWS service answers. Every API's
/// own error type (StorageException, QueueException, StreamException, LambdaException) is one of
/// these, so <see cref="EdgeEnvelope"/> answers them all the same way and only the protocol's
/// <see cref="IEdgeErrorShape"/> renders them.
/// </summary>
public class EdgeException(string code, string message, int status) : Exception(message)
{
    public string Code { get; } = code;
    public int Status { get; } = status;
}
