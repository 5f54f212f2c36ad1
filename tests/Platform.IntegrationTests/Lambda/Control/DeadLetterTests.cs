namespace Platform.IntegrationTests.Lambda.Control;

/// <summary>A function created with DeadLetterConfig sends the async events it failed on every
/// retry to that SQS queue, through the platform's async invocation path, as Lambda does: the body
/// is the bare event, the reason is in the RequestID, ErrorCode and ErrorMessage attributes.</summary>
public sealed class DeadLetterTests
{
    private const string Script = """
        import io, json, os, time, zipfile, boto3
        lam = boto3.client("lambda", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
        sqs = boto3.client("sqs", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("app.py", "def handler(e, c):\n    raise ValueError('cannot process ' + e['id'])\n")
        lam.create_function(FunctionName="failing", Runtime="python3.12", Handler="app.handler", Role="arn:aws:iam::000000000000:role/lambda",
                            Code={"ZipFile": buffer.getvalue()}, DeadLetterConfig={"TargetArn": "arn:aws:sqs:us-east-1:000000000000:dead-letters"})
        deadline = time.time() + 90
        while lam.get_function(FunctionName="failing")["Configuration"]["State"] != "Active":
            assert time.time() < deadline
            time.sleep(0.1)
        lam.put_function_event_invoke_config(FunctionName="failing", MaximumRetryAttempts=1)
        response = lam.invoke(FunctionName="failing", InvocationType="Event", Payload=json.dumps({"id": "e-1"}))
        assert response["StatusCode"] == 202
        url = sqs.get_queue_url(QueueName="dead-letters")["QueueUrl"]
        while True:
            assert time.time() < deadline, "nothing reached the dead-letter queue"
            messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5, MessageAttributeNames=["All"]).get("Messages", [])
            if messages:
                break
        attributes = messages[0]["MessageAttributes"]
        print(messages[0]["Body"])
        print(attributes["RequestID"]["StringValue"] == response["ResponseMetadata"]["RequestId"], attributes["ErrorCode"]["DataType"],
              attributes["ErrorCode"]["StringValue"], attributes["ErrorMessage"]["StringValue"])
        """;

    [Fact]
    public async Task Async_events_failing_every_retry_reach_the_dead_letter_queue()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var result = await platform.Boto3Async(Script);
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Equal("{\"id\": \"e-1\"}\nTrue Number 200 cannot process e-1", result.StandardOutput.Trim().ReplaceLineEndings("\n"));
    }
}
