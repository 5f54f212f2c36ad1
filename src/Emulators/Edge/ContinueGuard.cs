using Microsoft.AspNetCore.Http;

namespace Platform.Emulators.Edge;

/// <summary>
/// A client that sent <c>Expect: 100-continue</c> sends its body only after a 100, which Kestrel
/// sends when the handler first reads the body. If the handler answers without reading (a PutObject
/// to a missing bucket), the client may or may not send the body: Kestrel, which expects it, would
/// read the next request on the connection as that body (boto3's next call got 405). Such a
/// connection is closed after the reply instead.
/// </summary>
internal static class ContinueGuard
{
    public static void Apply(HttpContext context)
    {
        var request = context.Request;
        if (!request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase))
            return;
        var body = new ReadWatchStream(request.Body);
        request.Body = body;
        context.Response.OnStarting(static state =>
        {
            var (context, body) = ((HttpContext, ReadWatchStream))state;
            if (!body.ReadStarted)
                context.Response.Headers.Connection = "close";
            return Task.CompletedTask;
        }, (context, body));
    }
}
