namespace Platform.IntegrationTests.Lambda.Control;

/// <summary>An alias's RoutingConfig splits invocations between its version and the additional one
/// (each invocation runs, and reports as executed, the version drawn), and ListFunctions with
/// FunctionVersion=ALL lists every published version after $LATEST, paging by item.</summary>
public sealed class RoutingAndListTests
{
    private const string Script = """
        import io, json, os, time, zipfile, boto3
        lam = boto3.client("lambda", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")

        def zipped(answer):
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as z:
                z.writestr("app.py", "import os\ndef handler(e, c):\n    return [%r, os.environ['AWS_LAMBDA_FUNCTION_VERSION']]\n" % answer)
            return buffer.getvalue()

        def until(predicate):
            deadline = time.time() + 90
            while not predicate():
                assert time.time() < deadline
                time.sleep(0.1)

        lam.create_function(FunctionName="split", Runtime="python3.12", Handler="app.handler", Role="arn:aws:iam::000000000000:role/lambda",
                            Code={"ZipFile": zipped("one")}, Timeout=10, Publish=True)
        until(lambda: lam.get_function(FunctionName="split")["Configuration"]["State"] == "Active")
        lam.update_function_code(FunctionName="split", ZipFile=zipped("two"))
        until(lambda: lam.get_function(FunctionName="split")["Configuration"]["LastUpdateStatus"] == "Successful")
        assert lam.publish_version(FunctionName="split")["Version"] == "2"
        lam.create_alias(FunctionName="split", Name="live", FunctionVersion="1", RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}})

        seen = set()
        for _ in range(60):
            r = lam.invoke(FunctionName="split", Qualifier="live")
            answer, version = json.loads(r["Payload"].read())
            assert version == r["ExecutedVersion"] and answer == {"1": "one", "2": "two"}[version], (answer, version, r["ExecutedVersion"])
            seen.add(version)
        print("weighted", sorted(seen))
        lam.update_alias(FunctionName="split", Name="live", RoutingConfig={"AdditionalVersionWeights": {}})
        print("unweighted", sorted({lam.invoke(FunctionName="split", Qualifier="live")["ExecutedVersion"] for _ in range(10)}))

        lam.create_function(FunctionName="zzz", Runtime="python3.12", Handler="app.handler", Role="arn:aws:iam::000000000000:role/lambda",
                            Code={"ZipFile": zipped("z")})
        listed = [(f["FunctionName"], f["Version"], f["FunctionArn"].split(":", 6)[-1]) for f in lam.list_functions(FunctionVersion="ALL")["Functions"]]
        print("all", listed)
        print("latest", [f["Version"] for f in lam.list_functions()["Functions"]])
        pages, marker = [], None
        while True:
            page = lam.list_functions(FunctionVersion="ALL", MaxItems=2, **({"Marker": marker} if marker else {}))
            pages.append([f["Version"] for f in page["Functions"]])
            marker = page.get("NextMarker")
            if not marker:
                break
        print("pages", pages)
        """;

    [Fact]
    public async Task Alias_weights_split_invocations_and_ListFunctions_ALL_lists_versions()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var result = await platform.Boto3Async(Script);
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Equal("""
            weighted ['1', '2']
            unweighted ['1']
            all [('split', '$LATEST', 'split'), ('split', '1', 'split:1'), ('split', '2', 'split:2'), ('zzz', '$LATEST', 'zzz')]
            latest ['$LATEST', '$LATEST']
            pages [['$LATEST', '1'], ['2', '$LATEST']]
            """.ReplaceLineEndings("\n"), result.StandardOutput.Trim().ReplaceLineEndings("\n"));
    }
}
