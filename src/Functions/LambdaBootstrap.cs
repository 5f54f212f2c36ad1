using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Platform.Functions;

/// <summary>
/// Runs a function as a process that speaks the Lambda Runtime API (AWS_LAMBDA_RUNTIME_API), so the
/// same function can run in its own process under the platform (<c>runtime: process</c>) — or on
/// Lambda's <c>provided</c> runtimes. Call it from a <c>Main</c>:
/// <code>await LambdaBootstrap.RunAsync(new SummarizeUpload());</code>
/// </summary>
public static class LambdaBootstrap
{
    /// <summary>Serves invocations with <paramref name="function"/> until the process is stopped.</summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="function">The function; one instance serves every invocation, one at a time.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that ends when <paramref name="cancellationToken"/> is cancelled.</returns>
    public static Task RunAsync<TEvent, TResult>(IFunction<TEvent, TResult> function, CancellationToken cancellationToken = default) =>
        RunAsync(async (payload, context) =>
        {
            var input = JsonSerializer.Deserialize<TEvent>(payload, FunctionJson.Options)!;
            var result = await function.HandleAsync(input, context).ConfigureAwait(false);
            return result is null or NoResult ? null : JsonSerializer.Serialize(result, FunctionJson.Options);
        }, cancellationToken);

    /// <summary>Serves invocations with a raw handler: the event JSON in, the result JSON (or null) out.
    /// An exception becomes the invocation's error, its type name the errorType.</summary>
    /// <param name="handler">The handler.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that ends when <paramref name="cancellationToken"/> is cancelled.</returns>
    public static async Task RunAsync(Func<string, IFunctionContext, Task<string?>> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        using var http = CreateClient();
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        var logger = new ConsoleFunctionLogger();
        while (!cancellationToken.IsCancellationRequested)
        {
            using var next = await http.GetAsync("invocation/next", HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            next.EnsureSuccessStatusCode();
            var requestId = Header(next, "Lambda-Runtime-Aws-Request-Id") ?? throw new InvalidOperationException("/next returned no request id");
            var deadline = long.TryParse(Header(next, "Lambda-Runtime-Deadline-Ms"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : DateTimeOffset.UtcNow.AddSeconds(3);
            var payload = await next.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            // As AWS's .NET runtime client does: the invocation's trace in the environment.
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", Header(next, "Lambda-Runtime-Trace-Id"));
            Environment.SetEnvironmentVariable("traceparent", Header(next, "traceparent"));

            using var invocation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var left = deadline - DateTimeOffset.UtcNow;
            invocation.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            var context = new RuntimeApiFunctionContext(requestId, Header(next, "Lambda-Runtime-Invoked-Function-Arn") ?? "",
                deadline, logger, environment, invocation.Token);

            string? result;
            try
            {
                result = await handler(payload, context).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                await PostErrorAsync(http, $"invocation/{requestId}/error", e, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using var content = new StringContent(result ?? "", Encoding.UTF8, "application/json");
            using var posted = await http.PostAsync($"invocation/{requestId}/response", content, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reports that the function could not be initialized (POST /init/error); the
    /// invocation waiting for it fails with the exception's type.</summary>
    /// <param name="error">What went wrong.</param>
    /// <param name="cancellationToken">Cancels the report.</param>
    /// <returns>A task that completes when the report was sent.</returns>
    public static async Task ReportInitErrorAsync(Exception error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        using var http = CreateClient();
        await PostErrorAsync(http, "init/error", error, cancellationToken).ConfigureAwait(false);
    }

    private static HttpClient CreateClient()
    {
        var api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")
            ?? throw new InvalidOperationException("AWS_LAMBDA_RUNTIME_API is not set: run this as a function (runtime: process) of the platform, or on Lambda.");
        return new HttpClient { BaseAddress = new Uri($"http://{api}/2018-06-01/runtime/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    private static async Task PostErrorAsync(HttpClient http, string path, Exception error, CancellationToken cancellationToken)
    {
        var type = error.GetType().Name;
        var body = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["errorMessage"] = error.Message,
            ["errorType"] = type,
            ["stackTrace"] = (error.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        });
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", type);
        using var posted = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
