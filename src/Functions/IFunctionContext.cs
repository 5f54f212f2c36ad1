using Microsoft.Extensions.Logging;

namespace Platform.Functions;

/// <summary>What a function knows about the invocation it is running — Lambda's context object.</summary>
public interface IFunctionContext
{
    /// <summary>The invocation's request id (AWS's <c>AwsRequestId</c>).</summary>
    string RequestId { get; }

    /// <summary>The function's name.</summary>
    string FunctionName { get; }

    /// <summary>The function's ARN.</summary>
    string InvokedFunctionArn { get; }

    /// <summary>Configured memory in MB.</summary>
    int MemoryLimitInMB { get; }

    /// <summary>Time left before the invocation times out.</summary>
    TimeSpan RemainingTime { get; }

    /// <summary>A logger whose lines are tagged with the function and request id.</summary>
    ILogger Logger { get; }

    /// <summary>Cancelled when the invocation times out or the platform shuts down.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>The function's configured environment, plus the platform's own variables
    /// (AWS_REGION, AWS_ENDPOINT_URL, AWS_LAMBDA_FUNCTION_NAME, …).</summary>
    IReadOnlyDictionary<string, string> Environment { get; }
}
