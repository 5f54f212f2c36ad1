using Microsoft.AspNetCore.Http;
using Platform.Emulators.Queues.Api.Operations;

namespace Platform.Emulators.Queues.Api;

/// <summary>One SQS request being answered: what both codecs need besides the body.</summary>
internal sealed record SqsCall(HttpContext Context, string RequestId, ClientQueueUrls Urls, PooledBufferWriter Output)
{
    public CancellationToken Aborted => Context.RequestAborted;
}
