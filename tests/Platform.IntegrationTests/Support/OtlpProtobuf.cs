namespace Platform.IntegrationTests.Support;

/// <summary>
/// Just enough of protobuf's wire format to read what an OTLP exporter sends: fields of an
/// ExportTraceServiceRequest / ExportMetricsServiceRequest / ExportLogsServiceRequest by number
/// (opentelemetry-proto's trace.proto, metrics.proto, logs.proto). Written here so the test depends
/// on no generated code and reads the bytes the real exporter put on the wire.
/// </summary>
public static class OtlpProtobuf
{
    /// <summary>One span as trace.proto numbers them: trace_id 1, span_id 2, parent_span_id 4, name 5,
    /// kind 6; and its InstrumentationScope's name (ScopeSpans.scope 1 → name 1).</summary>
    public sealed record Span(string TraceId, string SpanId, string? ParentSpanId, string Name, int Kind, string Scope)
    {
        public const int KindServer = 2, KindClient = 3, KindProducer = 4, KindConsumer = 5;
    }

    public static IEnumerable<Span> ReadSpans(byte[] exportTraceServiceRequest)
    {
        foreach (var resourceSpans in Fields(exportTraceServiceRequest, 1))
        {
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                var scope = Fields(scopeSpans, 1).Select(s => Text(Fields(s, 1).FirstOrDefault())).FirstOrDefault() ?? "";
                foreach (var span in Fields(scopeSpans, 2))
                {
                    var parent = Fields(span, 4).FirstOrDefault();
                    yield return new Span(
                        Convert.ToHexStringLower(Fields(span, 1).First()),
                        Convert.ToHexStringLower(Fields(span, 2).First()),
                        parent is { Length: > 0 } ? Convert.ToHexStringLower(parent) : null,
                        Text(Fields(span, 5).FirstOrDefault()) ?? "",
                        (int)Varints(span, 6).FirstOrDefault(),
                        scope);
                }
            }
        }
    }

    /// <summary>Metric names: ResourceMetrics 1 → ScopeMetrics 2 → Metric 2 → name 1.</summary>
    public static IEnumerable<string> ReadMetricNames(byte[] exportMetricsServiceRequest) =>
        from resource in Fields(exportMetricsServiceRequest, 1)
        from scope in Fields(resource, 2)
        from metric in Fields(scope, 2)
        select Text(Fields(metric, 1).FirstOrDefault()) ?? "";

    /// <summary>Log records: ResourceLogs 1 → ScopeLogs 2 → LogRecord 2; the count.</summary>
    public static int CountLogRecords(byte[] exportLogsServiceRequest) =>
        (from resource in Fields(exportLogsServiceRequest, 1)
         from scope in Fields(resource, 2)
         from record in Fields(scope, 2)
         select record).Count();

    private static string? Text(byte[]? bytes) => bytes is null ? null : System.Text.Encoding.UTF8.GetString(bytes);

    /// <summary>The length-delimited values of field <paramref name="number"/>, in order.</summary>
    private static IEnumerable<byte[]> Fields(byte[] message, int number) =>
        Read(message).Where(f => f.Number == number && f.Bytes is not null).Select(f => f.Bytes!);

    private static IEnumerable<ulong> Varints(byte[] message, int number) =>
        Read(message).Where(f => f.Number == number && f.Bytes is null).Select(f => f.Value);

    private static List<(int Number, byte[]? Bytes, ulong Value)> Read(byte[] message)
    {
        var fields = new List<(int, byte[]?, ulong)>();
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message, ref position);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    fields.Add((number, null, Varint(message, ref position)));
                    break;
                case 1:
                    fields.Add((number, null, BitConverter.ToUInt64(message, position)));
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    fields.Add((number, message[position..(position + length)], 0));
                    position += length;
                    break;
                case 5:
                    fields.Add((number, null, BitConverter.ToUInt32(message, position)));
                    position += 4;
                    break;
                default:
                    throw new FormatException($"Unsupported protobuf wire type {key & 7} at {position}.");
            }
        }

        return fields;
    }

    private static ulong Varint(byte[] data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
    }
}
