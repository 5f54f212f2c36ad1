using System.Text.Json;
using Platform.Contracts.Dispatch;
using Platform.Triggers.Failures;
using Platform.Triggers.Sources.Async;

namespace Platform.Tests.Triggers.Failures;

public sealed class DestinationRecordBuilderTests
{
    private const string Event = """{"Records":[{"eventName":"ObjectCreated:Put","s3":{"object":{"key":"a+b"}}}]}""";

    private static DestinationRecord Record(FunctionInvoked? failure) => new()
    {
        RequestId = "4a7b1c2d-0000-4000-8000-000000000001",
        FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:resize:$LATEST",
        Condition = DestinationConditions.RetriesExhausted,
        ApproximateInvokeCount = 3,
        RequestPayload = Event,
        Timestamp = new DateTimeOffset(2026, 11, 22, 5, 30, 28, 123, TimeSpan.Zero),
        LastFailure = failure,
    };

    private static readonly FunctionInvoked Failure = new()
    {
        RequestId = "4a7b1c2d-0000-4000-8000-000000000001",
        FunctionName = "resize",
        Outcome = InvocationOutcome.Failed,
        ErrorType = "InvalidOperationException",
        ErrorMessage = "boom",
        StartedAt = DateTimeOffset.UnixEpoch,
        DurationMs = 3,
    };

    [Fact]
    public void Has_lambdas_destination_record_shape()
    {
        var root = JsonDocument.Parse(DestinationRecordBuilder.Build(Record(Failure))).RootElement;

        Assert.Equal(["version", "timestamp", "requestContext", "requestPayload", "responseContext", "responsePayload"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("1.0", root.GetProperty("version").GetString());
        Assert.Equal("2026-11-22T05:30:28.123Z", root.GetProperty("timestamp").GetString());

        var request = root.GetProperty("requestContext");
        Assert.Equal("4a7b1c2d-0000-4000-8000-000000000001", request.GetProperty("requestId").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:resize:$LATEST", request.GetProperty("functionArn").GetString());
        Assert.Equal("RetriesExhausted", request.GetProperty("condition").GetString());
        Assert.Equal(3, request.GetProperty("approximateInvokeCount").GetInt32());

        var payload = root.GetProperty("requestPayload");
        Assert.Equal(JsonValueKind.Object, payload.ValueKind);
        Assert.Equal("a+b", payload.GetProperty("Records")[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString());

        var response = root.GetProperty("responseContext");
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("$LATEST", response.GetProperty("executedVersion").GetString());
        Assert.Equal("Unhandled", response.GetProperty("functionError").GetString());

        var error = root.GetProperty("responsePayload");
        Assert.Equal("boom", error.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", error.GetProperty("errorType").GetString());
    }

    [Fact]
    public void A_timeout_reports_sandbox_timedout()
    {
        var timedOut = Failure with { Outcome = InvocationOutcome.TimedOut, ErrorType = null, ErrorMessage = null };
        var root = JsonDocument.Parse(DestinationRecordBuilder.Build(Record(timedOut))).RootElement;
        Assert.Equal("Sandbox.Timedout", root.GetProperty("responsePayload").GetProperty("errorType").GetString());
    }

    [Fact]
    public void Without_a_known_failure_there_is_no_response()
    {
        var root = JsonDocument.Parse(DestinationRecordBuilder.Build(Record(null) with
        {
            Condition = DestinationConditions.EventAgeExceeded,
            ApproximateInvokeCount = 0,
        })).RootElement;

        Assert.Equal("EventAgeExceeded", root.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.False(root.TryGetProperty("responseContext", out _));
        Assert.False(root.TryGetProperty("responsePayload", out _));
    }

    [Fact]
    public void A_payload_that_is_not_json_is_kept_as_a_string()
    {
        var root = JsonDocument.Parse(DestinationRecordBuilder.Build(Record(Failure) with { RequestPayload = "plain text" })).RootElement;
        Assert.Equal("plain text", root.GetProperty("requestPayload").GetString());
    }
}
