namespace Platform.IntegrationTests.Lambda.Control;

/// <summary>Functions, versions, aliases, layers, permissions, tags and reserved concurrency created
/// through the API survive a restart of a real `platform up` on the same data directory, and run:
/// a layer's python/ folder is importable before and after, and a hot-reload folder reloads.</summary>
public sealed class RestartTests
{
    private const string Before = """
        import io, json, os, time, zipfile, boto3
        lam = boto3.client("lambda", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
        role = "arn:aws:iam::000000000000:role/lambda"

        def zipped(entries):
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as z:
                for name, content in entries:
                    z.writestr(name, content)
            return buffer.getvalue()

        layer = lam.publish_layer_version(LayerName="greetings", Description="shared", CompatibleRuntimes=["python3.12"],
            Content={"ZipFile": zipped([("python/greeting.py", "def greet(n):\n    return 'hello ' + n\n")])})
        assert layer["Version"] == 1 and layer["LayerArn"].endswith(":layer:greetings"), layer
        app = "import greeting\ndef handler(e, c):\n    return greeting.greet(e['name']) + ' from %s'\n"
        lam.create_function(FunctionName="greeter", Runtime="python3.12", Handler="app.handler", Role=role, Layers=[layer["LayerVersionArn"]],
                            Code={"ZipFile": zipped([("app.py", app % "v1")])}, Tags={"owner": "me"})
        deadline = time.time() + 60
        while lam.get_function(FunctionName="greeter")["Configuration"]["State"] != "Active":
            assert time.time() < deadline
            time.sleep(0.1)
        lam.publish_version(FunctionName="greeter")
        lam.create_alias(FunctionName="greeter", Name="prod", FunctionVersion="1", Description="production")
        lam.update_function_code(FunctionName="greeter", ZipFile=zipped([("app.py", app % "v2")]))
        lam.add_permission(FunctionName="greeter", StatementId="sqs", Action="lambda:InvokeFunction", Principal="sqs.amazonaws.com")
        lam.put_function_concurrency(FunctionName="greeter", ReservedConcurrentExecutions=5)
        hot = os.path.join(os.environ["WORK"], "hot")
        os.makedirs(hot)
        with open(os.path.join(hot, "app.py"), "w") as f:
            f.write("def handler(e, c):\n    return 'hot one'\n")
        lam.create_function(FunctionName="hot", Runtime="python3.12", Handler="app.handler", Role=role, Code={"S3Bucket": "hot-reload", "S3Key": hot})
        while lam.get_function(FunctionName="hot")["Configuration"]["State"] != "Active" or lam.get_function(FunctionName="greeter")["Configuration"]["LastUpdateStatus"] != "Successful":
            assert time.time() < deadline
            time.sleep(0.1)
        print(json.loads(lam.invoke(FunctionName="greeter", Qualifier="prod", Payload=b'{"name":"ann"}')["Payload"].read()))
        print(json.loads(lam.invoke(FunctionName="greeter", Payload=b'{"name":"bob"}')["Payload"].read()))
        print(json.loads(lam.invoke(FunctionName="hot")["Payload"].read()))
        """;

    private const string After = """
        import json, os, time, boto3
        lam = boto3.client("lambda", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
        fn = lam.get_function(FunctionName="greeter")
        print(fn["Configuration"]["State"], fn["Tags"], fn["Concurrency"]["ReservedConcurrentExecutions"], len(fn["Configuration"]["Layers"]))
        print([v["Version"] for v in lam.list_versions_by_function(FunctionName="greeter")["Versions"]])
        alias = lam.get_alias(FunctionName="greeter", Name="prod")
        print(alias["FunctionVersion"], alias["Description"])
        print([s["Sid"] for s in json.loads(lam.get_policy(FunctionName="greeter")["Policy"])["Statement"]])
        print([l["LayerName"] for l in lam.list_layers()["Layers"]], lam.get_layer_version(LayerName="greetings", VersionNumber=1)["Description"])
        print(json.loads(lam.invoke(FunctionName="greeter:prod", Payload=b'{"name":"ann"}')["Payload"].read()))
        print(json.loads(lam.invoke(FunctionName="greeter", Payload=b'{"name":"bob"}')["Payload"].read()))
        print(json.loads(lam.invoke(FunctionName="hot")["Payload"].read()))
        with open(os.path.join(os.environ["WORK"], "hot", "app.py"), "w") as f:
            f.write("def handler(e, c):\n    return 'hot two'\n")
        deadline = time.time() + 30
        while json.loads(lam.invoke(FunctionName="hot")["Payload"].read()) != "hot two":
            assert time.time() < deadline, "the hot-reload folder was not reloaded"
            time.sleep(0.1)
        print("reloaded")
        """;

    [Fact]
    public async Task Functions_versions_aliases_layers_and_permissions_survive_a_restart()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var result = await platform.Boto3Async(Before);
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Equal("hello ann from v1\nhello bob from v2\nhot one", result.StandardOutput.Trim().ReplaceLineEndings("\n"));

        await platform.RestartAsync();
        result = await platform.Boto3Async(After);
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Equal("""
            Active {'owner': 'me'} 5 1
            ['$LATEST', '1']
            1 production
            ['sqs']
            ['greetings'] shared
            hello ann from v1
            hello bob from v2
            hot one
            reloaded
            """.ReplaceLineEndings("\n"), result.StandardOutput.Trim().ReplaceLineEndings("\n"));
    }
}
