using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Lambda.Control;

/// <summary>UpdateFunctionCode swaps the code for new invocations while SQS keeps delivering —
/// no event is lost or fails — versions stay immutable snapshots reached by qualifier, and a
/// synchronous invoke beyond reserved concurrency is throttled with Lambda's 429.</summary>
public sealed class UpdateAndConcurrencyTests
{
    private const string UpdateScript = """
        import io, json, os, time, zipfile, boto3
        lam = boto3.client("lambda", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
        sqs = boto3.client("sqs", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")

        def zipped(answer):
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as z:
                z.writestr("app.py", "import time\ndef handler(e, c):\n    time.sleep(0.05)\n    return %r\n" % answer)
            return buffer.getvalue()

        def until(predicate):
            deadline = time.time() + 60
            while not predicate():
                assert time.time() < deadline
                time.sleep(0.1)

        lam.create_function(FunctionName="worker", Runtime="python3.12", Handler="app.handler", Role="arn:aws:iam::000000000000:role/lambda",
                            Code={"ZipFile": zipped("v1")}, Timeout=10, Publish=True)
        until(lambda: lam.get_function(FunctionName="worker")["Configuration"]["State"] == "Active")
        lam.create_event_source_mapping(FunctionName="worker", EventSourceArn="arn:aws:sqs:us-east-1:000000000000:jobs", BatchSize=1)
        url = sqs.get_queue_url(QueueName="jobs")["QueueUrl"]
        for i in range(40):
            sqs.send_message(QueueUrl=url, MessageBody="job-%d" % i)
            if i == 20:
                lam.update_function_code(FunctionName="worker", ZipFile=zipped("v2"))
        until(lambda: lam.get_function(FunctionName="worker")["Configuration"]["LastUpdateStatus"] == "Successful")
        print("latest", json.loads(lam.invoke(FunctionName="worker")["Payload"].read()))
        r = lam.invoke(FunctionName="worker", Qualifier="1")
        print("version 1", json.loads(r["Payload"].read()), r["ExecutedVersion"])
        lam.create_alias(FunctionName="worker", Name="stable", FunctionVersion="1")
        r = lam.invoke(FunctionName="worker:stable")
        print("alias", json.loads(r["Payload"].read()), r["ExecutedVersion"])
        v2 = lam.publish_version(FunctionName="worker")["Version"]
        lam.update_alias(FunctionName="worker", Name="stable", FunctionVersion=v2)
        r = lam.invoke(FunctionName="arn:aws:lambda:us-east-1:000000000000:function:worker:stable")
        print("alias moved", json.loads(r["Payload"].read()), r["ExecutedVersion"])
        print("unchanged publish", lam.publish_version(FunctionName="worker")["Version"])
        """;

    private const string ThrottleScript = """
        import io, json, os, threading, time, zipfile, boto3
        from botocore.config import Config
        from botocore.exceptions import ClientError
        lam = boto3.client("lambda", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
                           config=Config(retries={"max_attempts": 0}, read_timeout=60))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("app.py", "import os, time\ndef handler(e, c):\n    open(os.environ['MARK'], 'w').close()\n    time.sleep(e.get('sleep', 0))\n    return 'done'\n")
        mark = os.path.join(os.environ["WORK"], "running")
        lam.create_function(FunctionName="single", Runtime="python3.12", Handler="app.handler", Role="arn:aws:iam::000000000000:role/lambda",
                            Code={"ZipFile": buffer.getvalue()}, Timeout=30, Environment={"Variables": {"MARK": mark}})
        lam.put_function_concurrency(FunctionName="single", ReservedConcurrentExecutions=1)
        deadline = time.time() + 60
        while lam.get_function(FunctionName="single")["Configuration"]["State"] != "Active":
            assert time.time() < deadline
            time.sleep(0.1)
        print("reserved", lam.get_function_concurrency(FunctionName="single")["ReservedConcurrentExecutions"])
        first = {}
        t = threading.Thread(target=lambda: first.update(r=lam.invoke(FunctionName="single", Payload=json.dumps({"sleep": 3}))))
        t.start()
        while not os.path.exists(mark):
            assert time.time() < deadline
            time.sleep(0.02)
        try:
            lam.invoke(FunctionName="single", Payload=b"{}")
            print("second: not throttled")
        except ClientError as e:
            print("second:", e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Code"], e.response.get("Reason"))
        t.join()
        print("first:", json.loads(first["r"]["Payload"].read()))
        print("after:", json.loads(lam.invoke(FunctionName="single", Payload=b"{}")["Payload"].read()))
        lam.put_function_concurrency(FunctionName="single", ReservedConcurrentExecutions=0)
        try:
            lam.invoke(FunctionName="single", Payload=b"{}")
        except ClientError as e:
            print("zero:", e.response["Error"]["Code"])
        lam.delete_function_concurrency(FunctionName="single")
        print("deleted:", lam.get_function_concurrency(FunctionName="single").get("ReservedConcurrentExecutions"))
        """;

    [Fact]
    public async Task Update_function_code_changes_behaviour_with_no_event_lost_and_versions_keep_theirs()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var result = await platform.Boto3Async(UpdateScript);
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Equal("""
            latest v2
            version 1 v1 1
            alias v1 1
            alias moved v2 2
            unchanged publish 2
            """.ReplaceLineEndings("\n"), result.StandardOutput.Trim().ReplaceLineEndings("\n"));

        using var admin = new PlatformAdminClient(platform.Endpoint);
        var fromQueue = (await admin.WaitForInvocationsAsync("worker", 41, TimeSpan.FromSeconds(30)))
            .Where(i => i.GetProperty("trigger").GetString() == "sqs:jobs").ToList();
        Assert.Equal(40, fromQueue.Count);
        Assert.All(fromQueue, i => Assert.Equal("Succeeded", i.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task A_sync_invoke_beyond_reserved_concurrency_is_throttled_with_429()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var result = await platform.Boto3Async(ThrottleScript);
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Equal("""
            reserved 1
            second: 429 TooManyRequestsException ReservedFunctionConcurrentInvocationLimitExceeded
            first: done
            after: done
            zero: TooManyRequestsException
            deleted: None
            """.ReplaceLineEndings("\n"), result.StandardOutput.Trim().ReplaceLineEndings("\n"));
    }
}
