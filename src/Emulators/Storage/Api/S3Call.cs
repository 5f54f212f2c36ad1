using Microsoft.AspNetCore.Http;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>One request on its way through the operations.</summary>
internal sealed record S3Call(HttpContext Http, S3Target Target, RequestOrigin Origin)
{
    public HttpRequest Request => Http.Request;
    public HttpResponse Response => Http.Response;
    public CancellationToken Aborted => Http.RequestAborted;
    public S3Query Query => Target.Query;
    public string Bucket => Target.Bucket!;
    public string Key => Target.Key!;
    public string? Header(string name) => S3Headers.Value(Request.Headers, name);
}
