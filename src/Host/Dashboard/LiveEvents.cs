using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Host.Dashboard.History;

namespace Platform.Host.Dashboard;

/// <summary>
/// /_platform/events: server-sent events for the dashboard. <c>invocations</c> carries the invocations
/// stored since the last one sent (newest first, without logs), at most every <see cref="Coalesce"/> —
/// so a burst of thousands of invocations costs a few small messages, not one each, and the stream
/// never slows the platform it watches; <c>tick</c> every <see cref="TickEvery"/> tells the page to
/// refresh its figures. <c>?after=ID</c> resumes after the last invocation a page has.
/// </summary>
internal sealed class LiveEvents(InvocationHistory history, TimeProvider time)
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan TickEvery = TimeSpan.FromSeconds(2);
    private const int MaxPerMessage = 200;

    public async Task StreamAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var last = Admin.AdminJson.Id(context.Request.Query["after"]) ?? history.LatestId;
        var nextTick = time.GetUtcNow() + TickEvery;
        try
        {
            await context.Response.WriteAsync("retry: 1000\n\n", cancellationToken).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                var seen = history.Recorded.Version;
                var records = history.Query(new InvocationQuery { AfterId = last, Limit = MaxPerMessage });
                if (records.Count > 0)
                {
                    last = records[0].Id;
                    await SendAsync(context, "invocations", json =>
                    {
                        json.WriteStartArray();
                        foreach (var record in records)
                            InvocationJson.Write(json, record, logs: false);
                        json.WriteEndArray();
                    }).ConfigureAwait(false);
                    await Task.Delay(Coalesce, time, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var untilTick = nextTick - time.GetUtcNow();
                    if (untilTick > TimeSpan.Zero)
                        await history.Recorded.WaitAsync(seen, untilTick, time, cancellationToken).ConfigureAwait(false);
                }

                // Busy or idle, the figures refresh on the same beat.
                if (time.GetUtcNow() >= nextTick)
                {
                    nextTick = time.GetUtcNow() + TickEvery;
                    await SendAsync(context, "tick", json => json.WriteNumberValue(last)).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page went away.
        }
    }

    private static async Task SendAsync(HttpContext context, string name, Action<Utf8JsonWriter> data)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(Encoding.UTF8.GetBytes("event: " + name + "\ndata: "));
        using (var json = new Utf8JsonWriter(buffer))
            data(json);
        buffer.Write("\n\n"u8);
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
