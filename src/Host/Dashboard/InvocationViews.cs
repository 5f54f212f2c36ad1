using Microsoft.AspNetCore.Http;
using Platform.Contracts.Dispatch;
using Platform.Host.Dashboard.History;
using Platform.Triggers;
using Platform.Triggers.Dispatch;
using static Platform.Host.Admin.AdminJson;

namespace Platform.Host.Dashboard;

/// <summary>
/// /_platform/invocations: the history, newest first. <c>?function=NAME</c>, <c>?outcome=Succeeded|Failed|TimedOut</c>
/// and <c>?source=sqs</c> (the start of the trigger) filter, <c>?limit=N</c> caps (default 100),
/// <c>?before=ID</c> pages back, <c>?after=ID</c> asks for what is newer. With <c>?minCount=N&amp;waitSeconds=S</c>
/// the request is held until N matching invocations exist or S seconds pass — scripts and tests wait on
/// this instead of sleeping. <c>/_platform/invocations/{id}</c> is one invocation with its event, response
/// and the other attempts of the same request; POST <c>…/{id}/replay</c> invokes the function again with
/// the stored event.
/// </summary>
internal sealed class InvocationViews(InvocationHistory history, IInvocationDispatcher dispatcher, IFunctionCatalog catalog, TimeProvider time)
{
    private const int MaxWaitSeconds = 60;

    public async Task ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var filter = new InvocationQuery
        {
            Function = query["function"].FirstOrDefault(),
            Outcome = query["outcome"].FirstOrDefault(),
            Source = query["source"].FirstOrDefault(),
            RequestId = query["requestId"].FirstOrDefault(),
            BeforeId = Id(query["before"]),
            AfterId = Id(query["after"]),
        };
        var limit = Number(query["limit"], 100);
        var minCount = Number(query["minCount"], 0);
        var wait = TimeSpan.FromSeconds(Math.Clamp(Number(query["waitSeconds"], 0), 0, MaxWaitSeconds));
        filter = filter with { Limit = Math.Max(limit, minCount) };

        var records = await WaitForAsync(filter, minCount, wait, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartArray();
            foreach (var record in records)
                InvocationJson.Write(json, record);
            json.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<InvocationRecord>> WaitForAsync(InvocationQuery filter, int minCount, TimeSpan wait,
        CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var seen = history.Recorded.Version;
            var records = history.Query(filter);
            var left = deadline - time.GetUtcNow();
            if (records.Count >= minCount || left <= TimeSpan.Zero)
                return records;
            await history.Recorded.WaitAsync(seen, left, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task DetailAsync(HttpContext context, long id)
    {
        var found = history.Find(id) ?? throw DashboardRequest.NotFound($"No invocation {id} in the history.");
        return WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("invocation");
            InvocationJson.Write(json, found.Invocation, detail: true);
            json.WriteStartArray("attempts");
            foreach (var attempt in found.Attempts)
                InvocationJson.Write(json, attempt, logs: false);
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>Runs the function again, synchronously, with the event it received then (a new request id;
    /// the trigger reads <c>replay:</c> and the original's). The source is not touched: a replayed SQS batch
    /// deletes no message.</summary>
    public async Task ReplayAsync(HttpContext context, long id)
    {
        var found = history.Find(id) ?? throw DashboardRequest.NotFound($"No invocation {id} in the history.");
        var original = found.Invocation.Entry;
        if (original.Payload is null)
            throw DashboardRequest.BadRequest($"Invocation {id} has no stored event to replay.");
        await InvokeAsync(context, original.Function, original.Payload, "replay:" + original.Trigger).ConfigureAwait(false);
    }

    /// <summary>The test-invoke box: the body is the event.</summary>
    public async Task TestInvokeAsync(HttpContext context, string function)
    {
        var payload = await DashboardRequest.ReadTextAsync(context).ConfigureAwait(false);
        await InvokeAsync(context, function, string.IsNullOrWhiteSpace(payload) ? "{}" : payload, "dashboard:test").ConfigureAwait(false);
    }

    private async Task InvokeAsync(HttpContext context, string function, string payload, string trigger)
    {
        var definition = catalog.Functions.LastOrDefault(f => f.Name == function)
                         ?? throw DashboardRequest.NotFound($"Function {function} is not deployed.");
        var result = await dispatcher.InvokeAsync(new InvokeFunction
        {
            RequestId = Guid.NewGuid().ToString(),
            FunctionName = function,
            Payload = payload,
            Trigger = trigger,
        }, definition.Timeout + TimeSpan.FromSeconds(5), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("requestId", result.RequestId);
            json.WriteString("outcome", result.Outcome.ToString());
            json.WriteNumber("durationMs", Math.Round(result.DurationMs, 3));
            WriteOptional(json, "response", result.ResponsePayload ?? result.ErrorPayload);
            WriteOptional(json, "errorType", result.ErrorType);
            WriteOptional(json, "errorMessage", result.ErrorMessage);
            WriteOptional(json, "logs", result.Logs);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
