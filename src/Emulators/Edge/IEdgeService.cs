using Microsoft.AspNetCore.Http;

namespace Platform.Emulators.Edge;

/// <summary>
/// One AWS wire protocol on the shared edge port (4566). The host asks each service in turn
/// whether a request is its own (by X-Amz-Target, form Action, …); S3 comes last and takes the rest.
/// </summary>
public interface IEdgeService
{
    /// <summary>For health output and logs: <c>s3</c>, <c>sqs</c>, <c>kinesis</c>.</summary>
    string Name { get; }

    bool CanHandle(HttpRequest request);

    /// <summary>Answers the request completely, errors included, in the protocol's own shape.</summary>
    Task HandleAsync(HttpContext context);
}
