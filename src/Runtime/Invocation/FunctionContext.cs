using Microsoft.Extensions.Logging;
using Platform.Functions;

namespace Platform.Runtime.Invocation;

internal sealed class FunctionContext(
    string requestId,
    string functionName,
    string invokedFunctionArn,
    int memoryLimitInMB,
    DateTimeOffset deadline,
    TimeProvider time,
    ILogger logger,
    IReadOnlyDictionary<string, string> environment,
    CancellationToken cancellationToken) : IFunctionContext
{
    public string RequestId => requestId;

    public string FunctionName => functionName;

    public string InvokedFunctionArn => invokedFunctionArn;

    public int MemoryLimitInMB => memoryLimitInMB;

    public TimeSpan RemainingTime
    {
        get
        {
            var left = deadline - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public ILogger Logger => logger;

    public CancellationToken CancellationToken => cancellationToken;

    public IReadOnlyDictionary<string, string> Environment => environment;
}
