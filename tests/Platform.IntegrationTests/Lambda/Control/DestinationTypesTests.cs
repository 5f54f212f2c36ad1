using System.Text.Json;

namespace Platform.IntegrationTests.Lambda.Control;

/// <summary>
/// Every Lambda destination type, through real clients: the aws CLI configures and is refused as
/// Lambda refuses; async records reach an SNS topic (read from the SQS queue subscribed to it), a
/// Lambda function (which sees the record as its event), and an EventBridge bus (a rule's SQS target
/// sees AWS's source and detail-type); a Kinesis mapping's on-failure record reaches SNS and S3 (with
/// the batch as payload, under AWS's key). No retries are configured, so nothing waits a backoff.
/// </summary>
public sealed class DestinationTypesTests
{
    private const string Account = "000000000000";
    private const string Queue = $"arn:aws:sqs:us-east-1:{Account}:jobs";
    private const string Topic = $"arn:aws:sns:us-east-1:{Account}:records";
    private const string Function = $"arn:aws:lambda:us-east-1:{Account}:function:catcher";
    private const string Bus = $"arn:aws:events:us-east-1:{Account}:event-bus/default";
    private const string Bucket = "arn:aws:s3:::uploads";

    [Fact]
    public async Task Put_function_event_invoke_config_takes_every_destination_type_and_refuses_the_rest_as_Lambda_does()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var zip = platform.Zip("f.zip", ("app.py", "def handler(e, c):\n    return e\n", false));
        await platform.Cli.RunOkAsync("lambda", "create-function", "--function-name", "f", "--runtime", "python3.12",
            "--handler", "app.handler", "--zip-file", "fileb://" + zip, "--role", ControlPlatform.Role);

        // Destinations that do not exist yet are accepted, as Lambda accepts them.
        foreach (var (onSuccess, onFailure) in new[] { (Queue, Topic), (Topic, Function), (Function, Bus), (Bus, Bucket) })
        {
            var put = JsonDocument.Parse(await platform.Cli.RunOkAsync("lambda", "put-function-event-invoke-config", "--function-name", "f",
                "--maximum-retry-attempts", "0", "--destination-config",
                JsonSerializer.Serialize(new { OnSuccess = new { Destination = onSuccess }, OnFailure = new { Destination = onFailure } }))).RootElement;
            Assert.Equal(onSuccess, put.GetProperty("DestinationConfig").GetProperty("OnSuccess").GetProperty("Destination").GetString());
            var get = JsonDocument.Parse(await platform.Cli.RunOkAsync("lambda", "get-function-event-invoke-config", "--function-name", "f")).RootElement;
            Assert.Equal(onFailure, get.GetProperty("DestinationConfig").GetProperty("OnFailure").GetProperty("Destination").GetString());
        }

        // S3 is an on-failure destination only; other services are not destinations at all.
        foreach (var (member, arn) in new[]
                 {
                     ("OnSuccess", Bucket),
                     ("OnFailure", $"arn:aws:dynamodb:us-east-1:{Account}:table/t"),
                     ("OnFailure", $"arn:aws:events:us-east-1:{Account}:rule/r"),
                     ("OnSuccess", $"arn:aws:kinesis:us-east-1:{Account}:stream/events"),
                 })
        {
            var refused = await platform.Cli.RunAsync("lambda", "put-function-event-invoke-config", "--function-name", "f",
                "--destination-config", $"{{\"{member}\":{{\"Destination\":\"{arn}\"}}}}");
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains($"(InvalidParameterValueException) when calling the PutFunctionEventInvokeConfig operation: The destination ARN {arn} is invalid.",
                refused.StandardError, StringComparison.Ordinal);
        }

        var malformed = await platform.Cli.RunAsync("lambda", "put-function-event-invoke-config", "--function-name", "f",
            "--destination-config", "{\"OnFailure\":{\"Destination\":\"my-queue\"}}");
        Assert.NotEqual(0, malformed.ExitCode);
        Assert.Contains("(ValidationException)", malformed.StandardError, StringComparison.Ordinal);
        Assert.Contains("Value 'my-queue' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern",
            malformed.StandardError, StringComparison.Ordinal);
    }

    private const string FlowScript = """
        import io, json, os, time, zipfile, boto3
        endpoint = os.environ["ENDPOINT"]
        lam = boto3.client("lambda", endpoint_url=endpoint, region_name="us-east-1")
        sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1")
        sns = boto3.client("sns", endpoint_url=endpoint, region_name="us-east-1")
        events = boto3.client("events", endpoint_url=endpoint, region_name="us-east-1")
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        kinesis = boto3.client("kinesis", endpoint_url=endpoint, region_name="us-east-1")
        account = "000000000000"
        arn = lambda service, name: "arn:aws:%s:us-east-1:%s:%s" % (service, account, name)

        def queue(name):
            return sqs.create_queue(QueueName=name)["QueueUrl"]

        def receive(url, count=1):
            deadline, got = time.time() + 120, []
            while len(got) < count:
                if time.time() > deadline:
                    # What ran, for the failure message.
                    import urllib.request
                    print(urllib.request.urlopen(endpoint + "/_platform/invocations?limit=20").read().decode())
                    raise AssertionError("only %d of %d messages arrived at %s" % (len(got), count, url))
                for m in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=2, MaxNumberOfMessages=10).get("Messages", []):
                    sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
                    got.append(json.loads(m["Body"]))
            return got

        def create(name, code):
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as z:
                z.writestr("app.py", code)
            lam.create_function(FunctionName=name, Runtime="python3.12", Handler="app.handler", Role="arn:aws:iam::000000000000:role/lambda",
                                Code={"ZipFile": buffer.getvalue()}, Timeout=60)
            deadline = time.time() + 90
            while lam.get_function(FunctionName=name)["Configuration"]["State"] != "Active":
                assert time.time() < deadline
                time.sleep(0.1)

        create("fails", "import json\ndef handler(e, c):\n    raise ValueError('cannot ' + json.dumps(e))\n")
        create("ok", "def handler(e, c):\n    return {'done': e['id']}\n")
        # The destination function reports the event it got on a queue of its own.
        create("catcher", "import json, os, boto3\n"
                          "sqs = boto3.client('sqs', endpoint_url=os.environ['AWS_ENDPOINT_URL'], region_name=os.environ['AWS_REGION'])\n"
                          "def handler(e, c):\n"
                          "    sqs.send_message(QueueUrl=sqs.get_queue_url(QueueName='caught')['QueueUrl'], MessageBody=json.dumps(e))\n")
        caught = queue("caught")

        # SNS: the topic's SQS subscription (raw) receives the record as the message.
        topic = sns.create_topic(Name="records")["TopicArn"]
        via_sns = queue("via-sns")
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn("sqs", "via-sns"), Attributes={"RawMessageDelivery": "true"})
        lam.put_function_event_invoke_config(FunctionName="fails", MaximumRetryAttempts=0,
                                             DestinationConfig={"OnFailure": {"Destination": topic}})
        request_id = lam.invoke(FunctionName="fails", InvocationType="Event", Payload=json.dumps({"id": "sns-1"}))["ResponseMetadata"]["RequestId"]
        record = receive(via_sns)[0]
        print("sns", record["requestContext"]["requestId"] == request_id, record["requestContext"]["condition"],
              record["requestContext"]["functionArn"], json.dumps(record["requestPayload"]), record["responseContext"]["functionError"],
              record["responsePayload"]["errorType"])

        # Lambda: the destination function is invoked asynchronously with the record as its event.
        lam.put_function_event_invoke_config(FunctionName="ok", MaximumRetryAttempts=0,
                                             DestinationConfig={"OnSuccess": {"Destination": arn("lambda", "function:catcher")}})
        request_id = lam.invoke(FunctionName="ok", InvocationType="Event", Payload=json.dumps({"id": "fn-1"}))["ResponseMetadata"]["RequestId"]
        event = receive(caught)[0]
        print("lambda", event["requestContext"]["requestId"] == request_id, event["requestContext"]["condition"],
              json.dumps(event["requestPayload"]), json.dumps(event["responsePayload"]))

        # EventBridge: source "lambda", AWS's detail-types, the record as detail; a rule routes each to a queue.
        via_bus = queue("via-bus")
        events.put_rule(Name="results", EventPattern=json.dumps({"source": ["lambda"]}))
        events.put_targets(Rule="results", Targets=[{"Id": "q", "Arn": arn("sqs", "via-bus")}])
        bus = arn("events", "event-bus/default")
        lam.put_function_event_invoke_config(FunctionName="fails", MaximumRetryAttempts=0, DestinationConfig={"OnFailure": {"Destination": bus}})
        lam.put_function_event_invoke_config(FunctionName="ok", MaximumRetryAttempts=0, DestinationConfig={"OnSuccess": {"Destination": bus}})
        lam.invoke(FunctionName="fails", InvocationType="Event", Payload=json.dumps({"id": "bus-f"}))
        lam.invoke(FunctionName="ok", InvocationType="Event", Payload=json.dumps({"id": "bus-s"}))
        for e in sorted(receive(via_bus, 2), key=lambda e: e["detail-type"]):
            print("bus", e["source"], e["detail-type"], e["resources"], e["detail"]["requestContext"]["condition"], json.dumps(e["detail"]["requestPayload"]))

        # A Kinesis mapping's on-failure: SNS, then S3 (the record with the batch as payload).
        kinesis.create_stream(StreamName="clicks", ShardCount=1)
        mapping = lam.create_event_source_mapping(FunctionName="fails", EventSourceArn=arn("kinesis", "stream/clicks"), StartingPosition="TRIM_HORIZON",
                                                  MaximumRetryAttempts=0, DestinationConfig={"OnFailure": {"Destination": topic}})
        print("mapping destination", mapping["DestinationConfig"]["OnFailure"]["Destination"] == topic)
        kinesis.put_record(StreamName="clicks", Data=b"first", PartitionKey="p")
        record = receive(via_sns)[0]
        print("kinesis sns", record["requestContext"]["condition"], record["KinesisBatchInfo"]["batchSize"], record["KinesisBatchInfo"]["shardId"],
              "payload" in record)
        kinesis.create_stream(StreamName="taps", ShardCount=1)
        mapping = lam.create_event_source_mapping(FunctionName="fails", EventSourceArn=arn("kinesis", "stream/taps"), StartingPosition="TRIM_HORIZON",
                                                  MaximumRetryAttempts=0, DestinationConfig={"OnFailure": {"Destination": "arn:aws:s3:::uploads"}})
        kinesis.put_record(StreamName="taps", Data=b"second", PartitionKey="p")
        prefix = "aws/lambda/%s/shardId-000000000000/" % mapping["UUID"]
        deadline = time.time() + 90
        while True:
            objects = s3.list_objects_v2(Bucket="uploads", Prefix=prefix).get("Contents", [])
            if objects:
                break
            assert time.time() < deadline, "no on-failure object under " + prefix
            time.sleep(0.2)
        key = objects[0]["Key"]
        body = json.loads(s3.get_object(Bucket="uploads", Key=key)["Body"].read())
        import re
        print("kinesis s3", bool(re.fullmatch(re.escape(prefix) + r"\d{4}/\d{2}/\d{2}/\d{4}-\d{2}-\d{2}T\d{2}\.\d{2}\.\d{2}-[0-9a-f-]{36}", key)),
              body["requestContext"]["condition"], body["KinesisBatchInfo"]["batchSize"],
              [__import__("base64").b64decode(r["kinesis"]["data"]).decode() for r in body["payload"]["Records"]])

        # A mapping's on-failure cannot be a function or a bus.
        try:
            lam.create_event_source_mapping(FunctionName="ok", EventSourceArn=arn("kinesis", "stream/clicks"), StartingPosition="LATEST",
                                            DestinationConfig={"OnFailure": {"Destination": arn("lambda", "function:catcher")}})
        except lam.exceptions.InvalidParameterValueException as e:
            print("mapping refused", e.response["Error"]["Code"])

        # EventBridge -> SNS: a rule target that is a topic publishes the event JSON.
        alerts = sns.create_topic(Name="alerts")["TopicArn"]
        via_alerts = queue("via-alerts")
        sns.subscribe(TopicArn=alerts, Protocol="sqs", Endpoint=arn("sqs", "via-alerts"), Attributes={"RawMessageDelivery": "true"})
        events.put_rule(Name="to-topic", EventPattern=json.dumps({"source": ["shop"]}))
        events.put_targets(Rule="to-topic", Targets=[{"Id": "t", "Arn": alerts}])
        events.put_events(Entries=[{"Source": "shop", "DetailType": "Order Placed", "Detail": json.dumps({"order": 7})}])
        e = receive(via_alerts)[0]
        print("rule to sns", e["source"], e["detail-type"], json.dumps(e["detail"]))
        """;

    [Fact]
    public async Task Async_and_stream_records_reach_SNS_Lambda_EventBridge_and_S3_destinations()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var result = await platform.Boto3Async(FlowScript);
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        const string fails = $"arn:aws:lambda:us-east-1:{Account}:function:fails";
        const string ok = $"arn:aws:lambda:us-east-1:{Account}:function:ok";
        Assert.Equal(
            $$"""
            sns True RetriesExhausted {{fails}}:$LATEST {"id": "sns-1"} Unhandled ValueError
            lambda True Success {"id": "fn-1"} {"done": "fn-1"}
            bus lambda Lambda Function Invocation Result - Failure ['{{fails}}:$LATEST', '{{Bus}}'] RetriesExhausted {"id": "bus-f"}
            bus lambda Lambda Function Invocation Result - Success ['{{ok}}:$LATEST', '{{Bus}}'] Success {"id": "bus-s"}
            mapping destination True
            kinesis sns RetryAttemptsExhausted 1 shardId-000000000000 False
            kinesis s3 True RetryAttemptsExhausted 1 ['second']
            mapping refused InvalidParameterValueException
            rule to sns shop Order Placed {"order": 7}
            """.ReplaceLineEndings("\n"),
            result.StandardOutput.Trim().ReplaceLineEndings("\n"));
    }
}
