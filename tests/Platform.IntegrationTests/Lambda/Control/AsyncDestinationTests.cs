namespace Platform.IntegrationTests.Lambda.Control;

/// <summary>Async invocations through the control plane: an OnSuccess destination gets AWS's success
/// record (for an alias too, with its qualified ARN and executed version, and the function seeing its
/// bare name and version), and events an async invocation had to wait for under reserved concurrency
/// are throttled, not failed: with no retries allowed, every one still succeeds on its first attempt.</summary>
public sealed class AsyncDestinationTests
{
    private const string Script = """
        import io, json, os, time, zipfile, boto3
        lam = boto3.client("lambda", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
        sqs = boto3.client("sqs", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
        arn = "arn:aws:sqs:us-east-1:000000000000:"
        successes = sqs.create_queue(QueueName="successes")["QueueUrl"]
        failures = sqs.create_queue(QueueName="failures")["QueueUrl"]

        def until(predicate):
            deadline = time.time() + 90
            while not predicate():
                assert time.time() < deadline
                time.sleep(0.1)

        def receive(url, count):
            deadline, got = time.time() + 90, []
            while len(got) < count:
                assert time.time() < deadline, "only %d of %d records arrived" % (len(got), count)
                for m in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=2, MaxNumberOfMessages=10).get("Messages", []):
                    sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
                    got.append(json.loads(m["Body"]))
            return got

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("app.py", "import os, time\n"
                                 "def handler(e, c):\n"
                                 "    time.sleep(e.get('sleep', 0))\n"
                                 "    return {'id': e['id'], 'name': os.environ['AWS_LAMBDA_FUNCTION_NAME'],\n"
                                 "            'version': os.environ['AWS_LAMBDA_FUNCTION_VERSION'], 'arn': c.invoked_function_arn}\n")
        lam.create_function(FunctionName="ok", Runtime="python3.12", Handler="app.handler", Role="arn:aws:iam::000000000000:role/lambda",
                            Code={"ZipFile": buffer.getvalue()}, Timeout=10)
        until(lambda: lam.get_function(FunctionName="ok")["Configuration"]["State"] == "Active")

        # 1. OnSuccess on $LATEST: AWS's record shape.
        lam.put_function_event_invoke_config(FunctionName="ok", MaximumRetryAttempts=0,
                                             DestinationConfig={"OnSuccess": {"Destination": arn + "successes"}})
        config = lam.get_function_event_invoke_config(FunctionName="ok")
        print("config", config["DestinationConfig"]["OnSuccess"]["Destination"], config["DestinationConfig"]["OnFailure"].get("Destination"))
        request_id = lam.invoke(FunctionName="ok", InvocationType="Event", Payload=json.dumps({"id": "s-1"}))["ResponseMetadata"]["RequestId"]
        record = receive(successes, 1)[0]
        print("keys", sorted(record))
        context = record["requestContext"]
        print("context", context["requestId"] == request_id, context["functionArn"], context["condition"], context["approximateInvokeCount"])
        print("payload", json.dumps(record["requestPayload"], sort_keys=True))
        print("response", json.dumps(record["responseContext"], sort_keys=True), json.dumps(record["responsePayload"], sort_keys=True))

        # Update merges: OnFailure added, OnSuccess kept.
        lam.update_function_event_invoke_config(FunctionName="ok", DestinationConfig={"OnFailure": {"Destination": arn + "failures"}})
        config = lam.get_function_event_invoke_config(FunctionName="ok")["DestinationConfig"]
        print("updated", config["OnSuccess"]["Destination"], config["OnFailure"]["Destination"])

        # 4. An alias: the record and the function see the qualifier as Lambda gives it.
        version = lam.publish_version(FunctionName="ok")["Version"]
        until(lambda: lam.get_function(FunctionName="ok", Qualifier=version)["Configuration"]["State"] == "Active")
        lam.create_alias(FunctionName="ok", Name="live", FunctionVersion=version)
        put = lam.put_function_event_invoke_config(FunctionName="ok", Qualifier="live", MaximumRetryAttempts=0,
                                                   DestinationConfig={"OnSuccess": {"Destination": arn + "successes"}})
        print("alias config", put["FunctionArn"], lam.get_function_event_invoke_config(FunctionName="ok")["FunctionArn"])
        lam.invoke(FunctionName="ok", Qualifier="live", InvocationType="Event", Payload=json.dumps({"id": "a-1"}))
        record = receive(successes, 1)[0]
        print("alias", record["requestContext"]["functionArn"], record["responseContext"]["executedVersion"], json.dumps(record["responsePayload"], sort_keys=True))
        sync = json.loads(lam.invoke(FunctionName="ok", Qualifier=version, Payload=json.dumps({"id": "v-1"}))["Payload"].read())
        print("sync", json.dumps(sync, sort_keys=True))

        # 3. Reserved concurrency 1, no retries: the events that wait for the slot are throttled, not
        # failed, so each still succeeds at its first attempt and none reaches the on-failure queue.
        lam.put_function_concurrency(FunctionName="ok", ReservedConcurrentExecutions=1)
        for i in range(4):
            lam.invoke(FunctionName="ok", InvocationType="Event", Payload=json.dumps({"id": "t-%d" % i, "sleep": 1}))
        records = receive(successes, 4)
        print("throttled", sorted(r["requestPayload"]["id"] for r in records), sorted({r["requestContext"]["approximateInvokeCount"] for r in records}))
        print("failures", len(sqs.receive_message(QueueUrl=failures, WaitTimeSeconds=1).get("Messages", [])))
        """;

    [Fact]
    public async Task OnSuccess_records_aliases_and_throttled_async_events_behave_as_in_Lambda()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var result = await platform.Boto3Async(Script);
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        var fn = "arn:aws:lambda:us-east-1:000000000000:function:ok";
        Assert.Equal(
            $$"""
            config arn:aws:sqs:us-east-1:000000000000:successes None
            keys ['requestContext', 'requestPayload', 'responseContext', 'responsePayload', 'timestamp', 'version']
            context True {{fn}}:$LATEST Success 1
            payload {"id": "s-1"}
            response {"executedVersion": "$LATEST", "statusCode": 200} {"arn": "{{fn}}", "id": "s-1", "name": "ok", "version": "$LATEST"}
            updated arn:aws:sqs:us-east-1:000000000000:successes arn:aws:sqs:us-east-1:000000000000:failures
            alias config {{fn}}:live {{fn}}:$LATEST
            alias {{fn}}:live 1 {"arn": "{{fn}}:live", "id": "a-1", "name": "ok", "version": "1"}
            sync {"arn": "{{fn}}:1", "id": "v-1", "name": "ok", "version": "1"}
            throttled ['t-0', 't-1', 't-2', 't-3'] [1]
            failures 0
            """.ReplaceLineEndings("\n"),
            result.StandardOutput.Trim().ReplaceLineEndings("\n"));
    }
}
