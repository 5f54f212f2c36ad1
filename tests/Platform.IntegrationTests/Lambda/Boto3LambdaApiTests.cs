using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Lambda;

/// <summary>The Lambda API through boto3 (Debian's python3-boto3), errors read as botocore reads them.</summary>
public sealed class Boto3LambdaApiTests
{
    private const string Script = """
        import json, os, boto3
        from botocore.exceptions import ClientError
        lam = boto3.client("lambda", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
        arn = "arn:aws:sqs:us-east-1:000000000000:jobs"

        m = lam.create_event_source_mapping(FunctionName="collector", EventSourceArn=arn, BatchSize=3,
            FilterCriteria={"Filters": [{"Pattern": json.dumps({"body": {"kind": [{"prefix": "job-"}]}})}]})
        assert m["ResponseMetadata"]["HTTPStatusCode"] == 202, m
        uuid = m["UUID"]
        got = lam.get_event_source_mapping(UUID=uuid)
        assert got["State"] == "Enabled" and got["BatchSize"] == 3, got
        assert got["FunctionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:collector", got
        assert got["LastModified"].year >= 2024, got

        pages = lam.get_paginator("list_event_source_mappings").paginate(FunctionName="collector", PaginationConfig={"PageSize": 1})
        assert [x["UUID"] for p in pages for x in p["EventSourceMappings"]] == [uuid]

        lam.update_event_source_mapping(UUID=uuid, Enabled=False)
        assert lam.get_event_source_mapping(UUID=uuid)["State"] == "Disabled"
        lam.update_event_source_mapping(UUID=uuid, Enabled=True, FilterCriteria={"Filters": []})
        got = lam.get_event_source_mapping(UUID=uuid)
        assert got["State"] == "Enabled" and "FilterCriteria" not in got, got

        r = lam.invoke(FunctionName="echo", Payload=json.dumps({"n": 41}).encode())
        assert r["StatusCode"] == 200 and json.loads(r["Payload"].read()) == {"n": 41}, r
        r = lam.invoke(FunctionName="000000000000:function:failing", Payload=b"{}")
        assert r["FunctionError"] == "Unhandled", r
        assert json.loads(r["Payload"].read())["errorMessage"] == "no can do"

        cfg = lam.put_function_event_invoke_config(FunctionName="collector", MaximumRetryAttempts=0, MaximumEventAgeInSeconds=120,
            DestinationConfig={"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:000000000000:dlq"}})
        assert cfg["MaximumRetryAttempts"] == 0, cfg
        got = lam.get_function_event_invoke_config(FunctionName="collector")
        assert got["MaximumEventAgeInSeconds"] == 120 and got["DestinationConfig"]["OnFailure"]["Destination"].endswith(":dlq"), got
        lam.delete_function_event_invoke_config(FunctionName="collector")
        assert lam.get_function_event_invoke_config(FunctionName="collector")["MaximumRetryAttempts"] == 2

        def code(call):
            try:
                call()
            except ClientError as e:
                return e.response["Error"]["Code"] + ": " + e.response["Error"]["Message"]
            return "no error"
        print(code(lambda: lam.get_event_source_mapping(UUID="nope")))
        print(code(lambda: lam.get_function(FunctionName="nobody")))
        print(code(lambda: lam.create_event_source_mapping(FunctionName="collector", EventSourceArn=arn,
            FilterCriteria={"Filters": [{"Pattern": "{\"body\": {\"kind\": [{\"numeric\": [\"<\", 1, \">\", 0]}]}}"}]})))
        print(code(lambda: lam.put_function_event_invoke_config(FunctionName="collector", MaximumRetryAttempts=5)))
        lam.delete_event_source_mapping(UUID=uuid)
        print("mappings left:", len(lam.list_event_source_mappings()["EventSourceMappings"]))
        """;

    [Fact]
    public async Task Boto3_manages_mappings_invokes_and_reads_errors()
    {
        await using var app = await LambdaApiPlatform.StartAsync(new EventCollector());

        var result = (await Boto3.RunAsync(app.Endpoint, Script)).EnsureSuccess();

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ResourceNotFoundException: The resource you requested does not exist.", lines[0]);
        Assert.Equal("ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:000000000000:function:nobody", lines[1]);
        Assert.StartsWith("InvalidParameterValueException: Invalid filter pattern definition.", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("ValidationException: 1 validation error detected", lines[3], StringComparison.Ordinal);
        Assert.Equal("mappings left: 0", lines[4]);
    }
}
