using System.Diagnostics;

namespace Platform.Emulators.Edge;

/// <summary>
/// AWS's trace header (<c>X-Amzn-Trace-Id</c>, SQS's <c>AWSTraceHeader</c>, Lambda's
/// <c>_X_AMZN_TRACE_ID</c>): <c>Root=1-{8 hex}-{24 hex};Parent={16 hex};Sampled={0|1}</c>. The Root is
/// a W3C trace id split after its first 8 digits, so the two formats convert losslessly and an event
/// keeps one trace id from the API call that made it to the function and its destination.
/// </summary>
public static class XRayTraceHeader
{
    public static string Format(ActivityContext context)
    {
        var trace = context.TraceId.ToHexString();
        var sampled = (context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? '1' : '0';
        return $"Root=1-{trace[..8]}-{trace[8..]};Parent={context.SpanId.ToHexString()};Sampled={sampled}";
    }

    /// <summary>The current span's header, to store with an event made now; null when no span is
    /// being recorded (no OTLP exporter and no sampled caller), so nothing is stored for nothing.</summary>
    public static string? Current() => Activity.Current is { Recorded: true } activity ? Format(activity.Context) : null;

    /// <summary>Parses an X-Ray header; a header without Parent gets a made-up parent span id (the
    /// trace id is what joins the spans).</summary>
    public static bool TryParse(string? header, out ActivityContext context)
    {
        context = default;
        if (string.IsNullOrEmpty(header))
            return false;
        string? root = null, parent = null;
        var sampled = false;
        foreach (var part in header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                continue;
            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Root": root = value; break;
                case "Parent": parent = value; break;
                case "Sampled": sampled = value == "1"; break;
            }
        }

        // 1-xxxxxxxx-yyyyyyyyyyyyyyyyyyyyyyyy
        if (root is not { Length: 35 } || !root.StartsWith("1-", StringComparison.Ordinal) || root[10] != '-')
            return false;
        var trace = string.Concat(root.AsSpan(2, 8), root.AsSpan(11, 24));
        if (!IsHex(trace) || trace.All(c => c == '0'))
            return false;
        var span = parent is { Length: 16 } && IsHex(parent) && parent.Any(c => c != '0')
            ? ActivitySpanId.CreateFromString(parent.ToLowerInvariant())
            : ActivitySpanId.CreateRandom();
        context = new ActivityContext(ActivityTraceId.CreateFromString(trace.ToLowerInvariant()), span,
            sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, isRemote: true);
        return true;
    }

    /// <summary>An incoming request's parent: W3C <c>traceparent</c> first, then <c>X-Amzn-Trace-Id</c>.</summary>
    public static bool TryParseRequest(string? traceparent, string? tracestate, string? amazonTraceId, out ActivityContext context)
    {
        if (!string.IsNullOrEmpty(traceparent) && ActivityContext.TryParse(traceparent, tracestate, isRemote: true, out context))
            return true;
        return TryParse(amazonTraceId, out context);
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
                return false;
        }

        return true;
    }
}
