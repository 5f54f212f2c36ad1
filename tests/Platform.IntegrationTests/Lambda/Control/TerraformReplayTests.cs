namespace Platform.IntegrationTests.Lambda.Control;

/// <summary>
/// The Terraform AWS provider's documented call sequence for aws_lambda_function,
/// aws_lambda_permission and aws_lambda_event_source_mapping, replayed with boto3 (Terraform cannot
/// be installed here): create, poll State, read back, ListVersionsByFunction,
/// GetFunctionCodeSigningConfig, GetPolicy by Sid, mappings with every field, update, delete and
/// poll for ResourceNotFound. Every field read back must equal what was sent, or a second `apply`
/// would plan a change.
/// </summary>
public sealed class TerraformReplayTests
{
    private const string Script = """
        import base64, hashlib, io, json, os, time, zipfile, boto3
        from botocore.exceptions import ClientError
        lam = boto3.client("lambda", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
        role = "arn:aws:iam::000000000000:role/lambda"
        arn = "arn:aws:lambda:us-east-1:000000000000:function:tf"

        def zipped(source):
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as z:
                z.writestr("app.py", source)
            return buffer.getvalue()

        def wait(predicate, what):
            deadline = time.time() + 60
            while True:
                got = predicate()
                if got:
                    return got
                assert time.time() < deadline, "timed out waiting for " + what
                time.sleep(0.1)

        def not_found(call):
            try:
                call()
                return False
            except ClientError as e:
                return e.response["Error"]["Code"] == "ResourceNotFoundException"

        code = zipped("def handler(e, c):\n    return 'one'\n")
        sent = dict(FunctionName="tf", Runtime="python3.12", Handler="app.handler", Role=role, Timeout=30, MemorySize=256,
                    Description="terraform managed", Environment={"Variables": {"STAGE": "prod", "LEVEL": "3"}},
                    EphemeralStorage={"Size": 1024}, TracingConfig={"Mode": "PassThrough"}, Architectures=["x86_64"],
                    DeadLetterConfig={"TargetArn": "arn:aws:sqs:us-east-1:000000000000:dead-letters"}, Tags={"team": "core"}, Publish=False)
        created = lam.create_function(Code={"ZipFile": code}, **sent)
        assert created["State"] == "Pending", created

        # resource.waitFunctionCreated: poll GetFunction until State is Active.
        fn = wait(lambda: (lambda f: f if f["Configuration"]["State"] == "Active" else None)(lam.get_function(FunctionName="tf")), "Active")
        c = fn["Configuration"]
        for key in ["FunctionName", "Runtime", "Handler", "Role", "Timeout", "MemorySize", "Description", "Environment",
                    "EphemeralStorage", "TracingConfig", "Architectures", "DeadLetterConfig"]:
            assert c[key] == sent[key], (key, c[key], sent[key])
        assert c["FunctionArn"] == arn and c["Version"] == "$LATEST" and c["PackageType"] == "Zip", c
        assert c["LastUpdateStatus"] == "Successful", c
        assert c["CodeSha256"] == base64.b64encode(hashlib.sha256(code).digest()).decode() and c["CodeSize"] == len(code), c
        assert fn["Tags"] == sent["Tags"], fn["Tags"]
        assert fn["Code"]["RepositoryType"] == "S3" and fn["Code"]["Location"].startswith("http"), fn["Code"]
        import urllib.request
        assert urllib.request.urlopen(fn["Code"]["Location"]).read() == code
        assert lam.get_function_configuration(FunctionName="tf")["RevisionId"] == c["RevisionId"]
        versions = lam.list_versions_by_function(FunctionName="tf", MaxItems=10000)["Versions"]
        assert [v["Version"] for v in versions] == ["$LATEST"], versions
        csc = lam.get_function_code_signing_config(FunctionName="tf")
        assert csc["FunctionName"] == "tf" and csc["CodeSigningConfigArn"] == "", csc

        # aws_lambda_permission: AddPermission, then GetPolicy and the statement by Sid.
        lam.add_permission(FunctionName="tf", StatementId="AllowS3", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
                           SourceArn="arn:aws:s3:::uploads", SourceAccount="000000000000")
        policy = json.loads(lam.get_policy(FunctionName="tf")["Policy"])
        statement = [s for s in policy["Statement"] if s["Sid"] == "AllowS3"][0]
        assert statement == {"Sid": "AllowS3", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
            "Action": "lambda:InvokeFunction", "Resource": arn,
            "Condition": {"StringEquals": {"AWS:SourceAccount": "000000000000"}, "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::uploads"}}}, statement
        assert policy["Version"] == "2012-10-17" and policy["Id"] == "default", policy

        # aws_lambda_event_source_mapping: every field, read back.
        kinesis = dict(EventSourceArn="arn:aws:kinesis:us-east-1:000000000000:stream/events", FunctionName="tf", Enabled=True,
                       BatchSize=50, StartingPosition="TRIM_HORIZON", MaximumBatchingWindowInSeconds=2, ParallelizationFactor=2,
                       MaximumRecordAgeInSeconds=3600, BisectBatchOnFunctionError=True, MaximumRetryAttempts=3, TumblingWindowInSeconds=0,
                       FunctionResponseTypes=["ReportBatchItemFailures"],
                       DestinationConfig={"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:000000000000:dead-letters"}})
        uuids = []
        for spec in [kinesis]:
            uuid = lam.create_event_source_mapping(**spec)["UUID"]
            uuids.append(uuid)
            got = wait(lambda: (lambda m: m if m["State"] == "Enabled" else None)(lam.get_event_source_mapping(UUID=uuid)), "mapping Enabled")
            for key, value in spec.items():
                if key == "FunctionName":
                    assert got["FunctionArn"] == arn, got
                elif key == "Enabled":
                    continue
                else:
                    assert got[key] == value, (key, got.get(key), value)

        # Update: configuration, then code, each waited for (resource.waitFunctionUpdated).
        lam.update_function_configuration(FunctionName="tf", Timeout=20, Environment={"Variables": {"STAGE": "dev"}})
        c = wait(lambda: (lambda f: f if f["LastUpdateStatus"] == "Successful" else None)(lam.get_function_configuration(FunctionName="tf")), "update")
        assert c["Timeout"] == 20 and c["Environment"] == {"Variables": {"STAGE": "dev"}} and c["MemorySize"] == 256, c
        code2 = zipped("def handler(e, c):\n    return 'two'\n")
        updated = lam.update_function_code(FunctionName="tf", ZipFile=code2, Publish=True)
        assert updated["Version"] == "1", updated
        c = wait(lambda: (lambda f: f if f["LastUpdateStatus"] == "Successful" else None)(lam.get_function_configuration(FunctionName="tf")), "code")
        assert c["CodeSha256"] == base64.b64encode(hashlib.sha256(code2).digest()).decode(), c
        assert json.loads(lam.invoke(FunctionName="tf")["Payload"].read()) == "two"
        assert [v["Version"] for v in lam.list_versions_by_function(FunctionName="tf")["Versions"]] == ["$LATEST", "1"]
        lam.update_event_source_mapping(UUID=uuids[0], BatchSize=70, MaximumRetryAttempts=5)
        got = lam.get_event_source_mapping(UUID=uuids[0])
        assert got["BatchSize"] == 70 and got["MaximumRetryAttempts"] == 5 and got["ParallelizationFactor"] == 2, got
        print("created")
        """;

    // Debian's boto3 predates ScalingConfig: the SQS mapping with every field goes through the aws CLI v2.
    private const string Destroy = """
        import json, os, time, boto3
        from botocore.exceptions import ClientError
        lam = boto3.client("lambda", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")

        def wait(predicate, what):
            deadline = time.time() + 60
            while not predicate():
                assert time.time() < deadline, "timed out waiting for " + what
                time.sleep(0.1)

        def not_found(call):
            try:
                call()
                return False
            except ClientError as e:
                return e.response["Error"]["Code"] == "ResourceNotFoundException"

        # Destroy: mappings, permission, function — each polled until ResourceNotFound.
        uuids = [m["UUID"] for m in lam.list_event_source_mappings(FunctionName="tf")["EventSourceMappings"]]
        assert len(uuids) == 1, uuids
        for uuid in uuids:
            lam.delete_event_source_mapping(UUID=uuid)
            wait(lambda: not_found(lambda: lam.get_event_source_mapping(UUID=uuid)), "mapping gone")
        lam.remove_permission(FunctionName="tf", StatementId="AllowS3")
        assert not_found(lambda: lam.get_policy(FunctionName="tf"))
        lam.delete_function(FunctionName="tf")
        wait(lambda: not_found(lambda: lam.get_function(FunctionName="tf")), "function gone")
        assert not_found(lambda: lam.invoke(FunctionName="tf"))
        assert not_found(lambda: lam.invoke(FunctionName="tf", Qualifier="1"))
        print("converged")
        """;

    [Fact]
    public async Task Terraforms_call_sequence_reads_back_every_field_it_wrote()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var result = await platform.Boto3Async(Script);
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Equal("created", result.StandardOutput.Trim());

        var filter = """{"Filters":[{"Pattern":"{\"body\":{\"kind\":[\"job\"]}}"}]}""";
        var created = Json(await platform.Cli.RunOkAsync("lambda", "create-event-source-mapping", "--function-name", "tf",
            "--event-source-arn", "arn:aws:sqs:us-east-1:000000000000:jobs", "--batch-size", "5", "--maximum-batching-window-in-seconds", "1",
            "--function-response-types", "ReportBatchItemFailures", "--scaling-config", "MaximumConcurrency=3", "--filter-criteria", filter));
        var uuid = created.GetProperty("UUID").GetString()!;
        var read = Json(await platform.Cli.RunOkAsync("lambda", "get-event-source-mapping", "--uuid", uuid));
        Assert.Equal(5, read.GetProperty("BatchSize").GetInt32());
        Assert.Equal(1, read.GetProperty("MaximumBatchingWindowInSeconds").GetInt32());
        Assert.Equal(["ReportBatchItemFailures"], read.GetProperty("FunctionResponseTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, read.GetProperty("ScalingConfig").GetProperty("MaximumConcurrency").GetInt32());
        Assert.Equal("{\"body\":{\"kind\":[\"job\"]}}", read.GetProperty("FilterCriteria").GetProperty("Filters")[0].GetProperty("Pattern").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:tf", read.GetProperty("FunctionArn").GetString());
        await platform.Cli.RunOkAsync("lambda", "update-event-source-mapping", "--uuid", uuid, "--batch-size", "7", "--scaling-config", "MaximumConcurrency=4");
        read = Json(await platform.Cli.RunOkAsync("lambda", "get-event-source-mapping", "--uuid", uuid));
        Assert.Equal((7, 4), (read.GetProperty("BatchSize").GetInt32(), read.GetProperty("ScalingConfig").GetProperty("MaximumConcurrency").GetInt32()));
        await platform.Cli.RunOkAsync("lambda", "delete-event-source-mapping", "--uuid", uuid);
        var gone = await platform.Cli.RunAsync("lambda", "get-event-source-mapping", "--uuid", uuid);
        Assert.Contains("ResourceNotFoundException", gone.StandardError);

        result = await platform.Boto3Async(Destroy);
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Equal("converged", result.StandardOutput.Trim());
    }

    private static System.Text.Json.JsonElement Json(string text) => System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
}
