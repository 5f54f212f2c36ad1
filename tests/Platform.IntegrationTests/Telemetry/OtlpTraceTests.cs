using System.Text.Json;
using Platform.IntegrationTests.Support;
using Span = Platform.IntegrationTests.Support.OtlpProtobuf.Span;

namespace Platform.IntegrationTests.Telemetry;

/// <summary>
/// `platform up --otlp-endpoint` against a real OTLP/HTTP receiver: one trace per event, from the
/// API call that made it (aws CLI's PutObject / SendMessage) through the poller and the invocation
/// to the on-failure destination, with parent links; the Python function sees the same trace as
/// <c>_X_AMZN_TRACE_ID</c> and <c>traceparent</c>; metrics and logs arrive over the same pipeline.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OtlpTraceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task One_trace_spans_upload_invocation_and_destination_and_reaches_the_function()
    {
        var dir = Directory.CreateTempSubdirectory("platform-otlp-");
        Directory.CreateDirectory(Path.Combine(dir.FullName, "fn"));
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "fn", "app.py"), """
            import json, os
            def trace():
                return {"xray": os.environ.get("_X_AMZN_TRACE_ID"), "traceparent": os.environ.get("traceparent")}
            def fail(event, context):
                raise Exception(json.dumps(trace()))
            def echo(event, context):
                print("TRACE " + json.dumps(trace()))
            """);
        var config = Path.Combine(dir.FullName, "platform.yaml");
        await File.WriteAllTextAsync(config, """
            buckets: [uploads]
            queues:
              - name: failures
              - name: orders
            functions:
              fail:
                runtime: python3.12
                handler: app.fail
                code: ./fn
                timeout: 20s
                async: { maximumRetryAttempts: 0, onFailure: failures }
                triggers:
                  - s3: { bucket: uploads, events: ["s3:ObjectCreated:*"] }
              echo:
                runtime: python3.12
                handler: app.echo
                code: ./fn
                timeout: 20s
                triggers:
                  - sqs: { queue: orders, batchSize: 1 }
            """);
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "photo.txt"), "hello");

        await using var receiver = await OtlpReceiver.StartAsync();
        var platform = await PlatformProcess.StartAsync(config, Path.Combine(dir.FullName, "data"),
            new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf" },
            null, "--otlp-endpoint", receiver.Endpoint.ToString());
        try
        {
            var aws = new AwsCli(platform.Endpoint);
            using var admin = new PlatformAdminClient(platform.Endpoint);

            // S3 → async invocation (fails, no retries) → on-failure destination on SQS.
            await aws.RunOkAsync("s3api", "put-object", "--bucket", "uploads", "--key", "photo.txt",
                "--body", Path.Combine(dir.FullName, "photo.txt"));
            var failures = JsonDocument.Parse(await aws.RunOkAsync("sqs", "get-queue-url", "--queue-name", "failures"))
                .RootElement.GetProperty("QueueUrl").GetString()!;
            var destination = await ReceiveOneAsync(aws, failures);
            var destinationHeader = destination.GetProperty("Attributes").GetProperty("AWSTraceHeader").GetString()!;
            var trace = TraceIdOf(destinationHeader);
            var record = JsonDocument.Parse(destination.GetProperty("Body").GetString()!).RootElement;
            var error = record.GetProperty("responsePayload").GetProperty("errorMessage").GetString()!;
            Assert.True(error.StartsWith('{'), record.ToString());
            var seen = JsonDocument.Parse(error).RootElement;

            await receiver.WaitForAsync(r => r.Spans.Any(s => s.TraceId == trace && s.Name.StartsWith("destination", StringComparison.Ordinal))
                && r.Spans.Any(s => s.TraceId == trace && s.Name == "function fail"), Timeout);
            var spans = receiver.Spans.Where(s => s.TraceId == trace).ToList();
            var put = Single(spans, "S3.PutObject", Span.KindServer, "Platform.Edge");
            Assert.Null(put.ParentSpanId);
            var notification = Single(spans, "s3 notification fail", Span.KindProducer, "Platform.Triggers");
            Assert.Equal(put.SpanId, notification.ParentSpanId);
            var attempt = Single(spans, "async fail", Span.KindConsumer, "Platform.Triggers");
            Assert.Equal(notification.SpanId, attempt.ParentSpanId);
            var invoke = Single(spans, "invoke fail", Span.KindClient, "Platform.Triggers");
            Assert.Equal(attempt.SpanId, invoke.ParentSpanId);
            var function = Single(spans, "function fail", Span.KindServer, "Platform.Runtime");
            Assert.Equal(invoke.SpanId, function.ParentSpanId);
            var sent = Single(spans, "destination RetriesExhausted", Span.KindProducer, "Platform.Triggers");
            Assert.Equal(attempt.SpanId, sent.ParentSpanId);
            // The destination message carries the destination span's context, as SQS's AWSTraceHeader.
            Assert.Equal($"Root=1-{trace[..8]}-{trace[8..]};Parent={sent.SpanId};Sampled=1", destinationHeader);
            // The Python function saw its invocation's span: X-Ray form and W3C form.
            Assert.Equal($"Root=1-{trace[..8]}-{trace[8..]};Parent={function.SpanId};Sampled=1", seen.GetProperty("xray").GetString());
            Assert.Equal($"00-{trace}-{function.SpanId}-01", seen.GetProperty("traceparent").GetString());

            // SQS → event source mapping → function: the SendMessage call's trace reaches the function.
            var orders = JsonDocument.Parse(await aws.RunOkAsync("sqs", "get-queue-url", "--queue-name", "orders"))
                .RootElement.GetProperty("QueueUrl").GetString()!;
            await aws.RunOkAsync("sqs", "send-message", "--queue-url", orders, "--message-body", """{"orderId":"o-1"}""");
            var logs = Assert.Single(await admin.WaitForInvocationsAsync("echo", 1, Timeout)).GetProperty("logs").GetString()!;
            var line = logs.Split('\n').Single(l => l.StartsWith("TRACE ", StringComparison.Ordinal));
            var echoed = JsonDocument.Parse(line["TRACE ".Length..]).RootElement;
            var sqsTrace = TraceIdOf(echoed.GetProperty("xray").GetString()!);
            await receiver.WaitForAsync(r => r.Spans.Any(s => s.TraceId == sqsTrace && s.Name == "function echo")
                && r.Spans.Any(s => s.TraceId == sqsTrace && s.Name == "SQS.SendMessage"), Timeout);
            var sqsSpans = receiver.Spans.Where(s => s.TraceId == sqsTrace).ToList();
            var send = Single(sqsSpans, "SQS.SendMessage", Span.KindServer, "Platform.Edge");
            var batch = Single(sqsSpans, "sqs orders → echo", Span.KindConsumer, "Platform.Triggers");
            Assert.Equal(send.SpanId, batch.ParentSpanId);
            var echoInvoke = Single(sqsSpans, "invoke echo", Span.KindClient, "Platform.Triggers");
            Assert.Equal(batch.SpanId, echoInvoke.ParentSpanId);
            var echoFunction = Single(sqsSpans, "function echo", Span.KindServer, "Platform.Runtime");
            Assert.Equal(echoInvoke.SpanId, echoFunction.ParentSpanId);
            Assert.Equal($"00-{sqsTrace}-{echoFunction.SpanId}-01", echoed.GetProperty("traceparent").GetString());

            // Metrics (exported every 10 s) and logs go the same way.
            await receiver.WaitForAsync(r => r.MetricNames.Contains("platform.invocations") && r.MetricNames.Contains("platform.invocation.errors")
                && r.MetricNames.Contains("platform.invocation.duration") && r.MetricNames.Contains("platform.destination.sends")
                && r.MetricNames.Contains("platform.async.event_age") && r.MetricNames.Contains("platform.queue.messages")
                && r.LogRecords > 0, Timeout);
        }
        finally
        {
            await platform.DisposeAsync();
            dir.Delete(recursive: true);
        }
    }

    private static Span Single(List<Span> spans, string name, int kind, string scope)
    {
        var span = Assert.Single(spans, s => s.Name == name);
        Assert.Equal(kind, span.Kind);
        Assert.Equal(scope, span.Scope);
        return span;
    }

    /// <summary>The W3C trace id in an X-Ray header's Root (1-xxxxxxxx-yyyyyyyyyyyyyyyyyyyyyyyy).</summary>
    private static string TraceIdOf(string xray)
    {
        var root = xray.Split(';').Single(p => p.StartsWith("Root=", StringComparison.Ordinal))["Root=".Length..];
        return root[2..10] + root[11..];
    }

    private static async Task<JsonElement> ReceiveOneAsync(AwsCli aws, string queueUrl)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            // Long polls: returns as soon as the record arrives.
            var output = await aws.RunOkAsync("sqs", "receive-message", "--queue-url", queueUrl, "--attribute-names", "All",
                "--wait-time-seconds", "20");
            if (output.Length > 0 && JsonDocument.Parse(output).RootElement.TryGetProperty("Messages", out var messages))
                return messages[0].Clone();
        }

        throw new TimeoutException("No destination record arrived.");
    }
}
