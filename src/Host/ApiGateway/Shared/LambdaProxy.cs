using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Dispatch;
using Platform.Host.ApiGateway.V2;
using Platform.Host.Lambda;

namespace Platform.Host.ApiGateway;

/// <summary>
/// An API's Lambda proxy integration: reads the request body within API Gateway's 10 MB, invokes the
/// function named by the integration URI through the shared synchronous path, and waits no longer
/// than the integration's timeout (the function itself runs on, as on AWS).
/// </summary>
internal sealed partial class LambdaProxy(HttpFunctionInvoker invoker, ControlPlane control, TimeProvider time, ILogger<LambdaProxy> logger)
{
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    public const string Trigger = "apigateway";
    public const int MaxRequestBytes = 10 * 1024 * 1024;

    public enum Outcome { Answered, FunctionFailed, TimedOut, Throttled }

    public sealed record Result(Outcome Outcome, string? Payload);

    public string Region => invoker.Region;
    public string AccountId => invoker.AccountId;
    public TimeProvider Time => time;

    /// <summary>The request body, or null when it is larger than API Gateway accepts.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxRequestBytes)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>What every API's event starts from: the request as it arrived at <paramref name="apiId"/>.</summary>
    public HttpEventSource Source(HttpContext context, string apiId, string requestId, ReadOnlyMemory<byte> body) => new()
    {
        Request = context.Request,
        RawPath = "/",
        ApiId = apiId,
        AccountId = AccountId,
        DomainName = ExecuteApiAddress.DomainName(apiId),
        DomainPrefix = apiId,
        RequestId = requestId,
        Received = time.GetUtcNow(),
        Body = body,
    };

    /// <exception cref="LambdaException">The function does not exist (API Gateway's 500).</exception>
    public async Task<Result> InvokeAsync(string integrationUri, string requestId, string payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (function, qualifier) = HttpApiValidation.IntegrationUri(integrationUri);
        WarnWithoutPermission(function);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var invocation = invoker.InvokeAsync(function, qualifier, requestId, payload, Trigger, CancellationToken.None);
        var timer = Task.Delay(timeout, time, deadline.Token);
        if (await Task.WhenAny(invocation, timer).ConfigureAwait(false) != invocation)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _ = invocation.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            return new(Outcome.TimedOut, null);
        }
        await deadline.CancelAsync().ConfigureAwait(false);
        var invoked = await invocation.ConfigureAwait(false);
        return invoked switch
        {
            null => new(Outcome.Throttled, null),
            { Outcome: InvocationOutcome.Succeeded } => new(Outcome.Answered, invoked.ResponsePayload),
            _ => new(Outcome.FunctionFailed, invoked.ResponsePayload),
        };
    }

    /// <summary>AWS refuses to invoke a function whose policy does not allow apigateway.amazonaws.com (and
    /// quick create does not add it); here it is invoked regardless, with one warning per function, so a
    /// deployment script that forgets add-permission is caught before it reaches AWS.</summary>
    private void WarnWithoutPermission(string function)
    {
        if (control.Find(function) is not { } record || _warned.ContainsKey(record.Name))
            return;
        if (record.Policy.Any(p => p.Json.Contains("apigateway.amazonaws.com", StringComparison.Ordinal)))
            return;
        if (_warned.TryAdd(record.Name, true))
            LogNoPermission(logger, record.Name);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function} is invoked by API Gateway without a permission for apigateway.amazonaws.com; AWS would answer 500 (add it with aws lambda add-permission)")]
    private static partial void LogNoPermission(ILogger logger, string function);

    /// <summary>API Gateway's own answers: <c>{"message":…}</c>.</summary>
    public static async Task MessageAsync(HttpContext context, int status, string message, string? errorType = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = null;
        if (errorType is not null)
            context.Response.Headers["x-amzn-ErrorType"] = errorType;
        var json = "{\"message\":" + System.Text.Json.JsonSerializer.Serialize(message, ApiGatewayJsonContext.Default.String) + "}";
        await context.Response.WriteAsync(json, System.Text.Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }
}
