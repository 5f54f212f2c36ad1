using System.Text.Json;
using Platform.Contracts.Dispatch;
using Platform.Triggers.Failures;
using Platform.Triggers.Sources.Async;

namespace Platform.Tests.Triggers.Failures;

/// <summary>The on-success record (DestinationConditions.Success) and the legacy DLQ's message.</summary>
public sealed class SuccessRecordTests
{
    private static readonly FunctionInvoked Succeeded = new()
    {
        RequestId = "r-1",
        FunctionName = "resize:live",
        Outcome = InvocationOutcome.Succeeded,
        ResponsePayload = """{"resized":true}""",
        StartedAt = DateTimeOffset.UnixEpoch,
        DurationMs = 3,
    };

    [Fact]
    public void A_success_record_has_lambdas_shape_with_the_executed_version_and_the_response()
    {
        var root = JsonDocument.Parse(DestinationRecordBuilder.Build(new DestinationRecord
        {
            RequestId = "r-1",
            FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:resize:live",
            Condition = DestinationConditions.Success,
            ApproximateInvokeCount = 1,
            RequestPayload = """{"key":"a"}""",
            Timestamp = DateTimeOffset.UnixEpoch,
            Success = Succeeded,
            ExecutedVersion = "3",
        })).RootElement;

        Assert.Equal(["version", "timestamp", "requestContext", "requestPayload", "responseContext", "responsePayload"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Success", root.GetProperty("requestContext").GetProperty("condition").GetString());
        var response = root.GetProperty("responseContext");
        Assert.Equal(["statusCode", "executedVersion"], response.EnumerateObject().Select(p => p.Name));
        Assert.Equal("3", response.GetProperty("executedVersion").GetString());
        Assert.True(root.GetProperty("responsePayload").GetProperty("resized").GetBoolean());
        Assert.Equal("a", root.GetProperty("requestPayload").GetProperty("key").GetString());
    }

    [Fact]
    public void A_dead_letter_message_is_the_bare_event_with_lambdas_attributes()
    {
        var failure = Succeeded with { Outcome = InvocationOutcome.Failed, ErrorMessage = new string('é', 700), ResponsePayload = null };
        var message = DeadLetterMessage.Build(new AsyncEvent { RequestId = "r-1", Payload = """{"key":"a"}""", Trigger = "lambda:invoke" }, failure);

        Assert.Equal("""{"key":"a"}""", message.Body);
        Assert.Equal("r-1", message.MessageAttributes["RequestID"].StringValue);
        Assert.Equal(("Number", "200"), (message.MessageAttributes["ErrorCode"].DataType, message.MessageAttributes["ErrorCode"].StringValue));
        // 1 KB of UTF-8, never a split character: 512 two-byte characters.
        Assert.Equal(new string('é', 512), message.MessageAttributes["ErrorMessage"].StringValue);
    }

    [Fact]
    public void A_dead_letter_topic_gets_the_same_payload_and_attributes_as_a_publish()
    {
        var failure = Succeeded with { Outcome = InvocationOutcome.Failed, ErrorMessage = "boom", ResponsePayload = null };
        var publish = DeadLetterMessage.ToPublish(DeadLetterMessage.Build(new AsyncEvent { RequestId = "r-3", Payload = "{\"k\":1}", Trigger = "lambda:invoke" }, failure));

        Assert.Equal("{\"k\":1}", publish.Message);
        Assert.Equal(["ErrorCode", "ErrorMessage", "RequestID"], publish.MessageAttributes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("Number", "200"), (publish.MessageAttributes["ErrorCode"].DataType, publish.MessageAttributes["ErrorCode"].StringValue));
        Assert.Equal(("String", "boom"), (publish.MessageAttributes["ErrorMessage"].DataType, publish.MessageAttributes["ErrorMessage"].StringValue));
        Assert.Equal("r-3", publish.MessageAttributes["RequestID"].StringValue);
    }

    [Fact]
    public void An_event_that_aged_out_unattempted_carries_only_its_request_id() =>
        Assert.Equal(["RequestID"], DeadLetterMessage.Build(new AsyncEvent { RequestId = "r-2", Payload = "{}", Trigger = "s3" }, null).MessageAttributes.Keys);
}
