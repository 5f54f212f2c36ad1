using Microsoft.Extensions.Logging;

namespace Platform.Functions;

/// <summary>The context of an invocation received over the Runtime API (see <see cref="LambdaBootstrap"/>).</summary>
internal sealed class RuntimeApiFunctionContext(
    string requestId,
    string invokedFunctionArn,
    DateTimeOffset deadline,
    ILogger logger,
    IReadOnlyDictionary<string, string> environment,
    CancellationToken cancellationToken) : IFunctionContext
{
    public string RequestId => requestId;

    public string FunctionName => environment.GetValueOrDefault("AWS_LAMBDA_FUNCTION_NAME", "");

    public string InvokedFunctionArn => invokedFunctionArn;

    public int MemoryLimitInMB => int.TryParse(environment.GetValueOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), out var mb) ? mb : 128;

    public TimeSpan RemainingTime
    {
        get
        {
            var left = deadline - DateTimeOffset.UtcNow;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public ILogger Logger => logger;

    public CancellationToken CancellationToken => cancellationToken;

    public IReadOnlyDictionary<string, string> Environment => environment;
}
