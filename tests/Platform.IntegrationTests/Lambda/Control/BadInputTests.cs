namespace Platform.IntegrationTests.Lambda.Control;

/// <summary>Every limit and bad input of CreateFunction gets Lambda's error code through boto3 —
/// never a 500 — and leaves no function, no code folder and nothing outside the data directory.</summary>
public sealed class BadInputTests
{
    private const string Script = """
        import base64, io, json, os, zipfile, boto3
        from botocore.config import Config
        from botocore.exceptions import ClientError
        lam = boto3.client("lambda", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
                           config=Config(retries={"max_attempts": 0}, read_timeout=120, parameter_validation=False))
        work, data = os.environ["WORK"], os.environ["DATA"]
        role = "arn:aws:iam::000000000000:role/lambda"

        def zipped(entries, compression=zipfile.ZIP_DEFLATED):
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", compression) as z:
                for name, content in entries:
                    z.writestr(name, content)
            return buffer.getvalue()

        good = zipped([("app.py", "def handler(e, c):\n    return 1\n")])

        def create(**overrides):
            args = dict(FunctionName="fn", Runtime="python3.12", Handler="app.handler", Role=role, Code={"ZipFile": good})
            args.update(overrides)
            try:
                lam.create_function(**args)
                return "created"
            except ClientError as e:
                assert e.response["ResponseMetadata"]["HTTPStatusCode"] < 500, e.response
                return e.response["Error"]["Code"]

        cases = {
            "malformed zip": dict(Code={"ZipFile": b"this is not a zip"}),
            "parent path": dict(Code={"ZipFile": zipped([("../../escaped.txt", "x"), ("app.py", "x")])}),
            "absolute path": dict(Code={"ZipFile": zipped([("/tmp/platform-absolute-escape.txt", "x")])}),
            "over 250 MB unzipped": dict(Code={"ZipFile": zipped([("zeros.bin", b"\0" * (251 * 1024 * 1024))])}),
            "over 50 MB zipped": dict(Code={"ZipFile": zipped([("random.bin", os.urandom(51 * 1024 * 1024))], zipfile.ZIP_STORED)}),
            "unknown runtime": dict(Runtime="cobol85"),
            "runtime not run here": dict(Runtime="java21"),
            "handler with spaces": dict(Handler="app handler"),
            "empty handler": dict(Handler=""),
            "environment over 4 KB": dict(Environment={"Variables": {"BIG": "a" * 4100}}),
            "reserved variable": dict(Environment={"Variables": {"AWS_REGION": "eu-west-1"}}),
            "bad name": dict(FunctionName="no spaces allowed"),
            "name too long": dict(FunctionName="f" * 65),
            "bad role": dict(Role="admin"),
            "timeout 0": dict(Timeout=0),
            "timeout 901": dict(Timeout=901),
            "memory 127": dict(MemorySize=127),
            "memory 10241": dict(MemorySize=10241),
            "ephemeral 511": dict(EphemeralStorage={"Size": 511}),
            "ephemeral 10241": dict(EphemeralStorage={"Size": 10241}),
            "image package": dict(PackageType="Image", Code={"ImageUri": "repo/image:latest"}),
            "missing layer": dict(Layers=["arn:aws:lambda:us-east-1:000000000000:layer:nope:1"]),
            "missing S3 object": dict(Code={"S3Bucket": "uploads", "S3Key": "nothing.zip"}),
            "hot-reload folder missing": dict(Code={"S3Bucket": "hot-reload", "S3Key": "/no/such/folder"}),
        }
        for name, overrides in cases.items():
            print(f"{name}: {create(**overrides)}")

        print("listed:", [f["FunctionName"] for f in lam.list_functions()["Functions"]])
        code = os.path.join(data, "lambda", "code")
        print("code folders:", len(os.listdir(code)) if os.path.isdir(code) else 0)
        print("escaped:", any(os.path.exists(p) for p in [os.path.join(work, "escaped.txt"), os.path.join(data, "escaped.txt"),
            os.path.join(data, "lambda", "escaped.txt"), "/tmp/platform-absolute-escape.txt"]))
        print("then:", create())
        print("duplicate:", create())
        """;

    [Fact]
    public async Task Each_bad_create_function_gets_lambdas_error_and_leaves_nothing_behind()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var result = await platform.Boto3Async(Script);
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Equal("""
            malformed zip: InvalidParameterValueException
            parent path: InvalidParameterValueException
            absolute path: InvalidParameterValueException
            over 250 MB unzipped: InvalidParameterValueException
            over 50 MB zipped: RequestEntityTooLargeException
            unknown runtime: ValidationException
            runtime not run here: InvalidParameterValueException
            handler with spaces: ValidationException
            empty handler: ValidationException
            environment over 4 KB: InvalidParameterValueException
            reserved variable: InvalidParameterValueException
            bad name: ValidationException
            name too long: ValidationException
            bad role: ValidationException
            timeout 0: ValidationException
            timeout 901: ValidationException
            memory 127: ValidationException
            memory 10241: ValidationException
            ephemeral 511: ValidationException
            ephemeral 10241: ValidationException
            image package: InvalidParameterValueException
            missing layer: InvalidParameterValueException
            missing S3 object: InvalidParameterValueException
            hot-reload folder missing: InvalidParameterValueException
            listed: []
            code folders: 0
            escaped: False
            then: created
            duplicate: ResourceConflictException
            """.ReplaceLineEndings("\n"), result.StandardOutput.Trim().ReplaceLineEndings("\n"));
    }
}
