namespace Platform.IntegrationTests.Lambda.Control;

/// <summary>A function created with DeadLetterConfig sends the async events it failed on every
/// retry to that SQS queue, through the platform's async invocation path.</summary>
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
        assert lam.invoke(FunctionName="failing", InvocationType="Event", Payload=json.dumps({"id": "e-1"}))["StatusCode"] == 202
        url = sqs.get_queue_url(QueueName="dead-letters")["QueueUrl"]
        while True:
            assert time.time() < deadline, "nothing reached the dead-letter queue"
            messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5).get("Messages", [])
            if messages:
                break
        record = json.loads(messages[0]["Body"])
        print(record["requestContext"]["condition"], record["requestPayload"], record["responseContext"]["functionError"])
        """;

    [Fact]
    public async Task Async_events_failing_every_retry_reach_the_dead_letter_queue()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var result = await platform.Boto3Async(Script);
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Equal("RetriesExhausted {'id': 'e-1'} Unhandled", result.StandardOutput.Trim());
    }
}
