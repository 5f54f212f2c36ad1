using System.Net;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Lambda;

/// <summary>The Lambda API through the real aws CLI: event source mappings, functions, Invoke.</summary>
public sealed class AwsCliLambdaApiTests
{
    private const string QueueArn = "arn:aws:sqs:us-east-1:000000000000:orders";

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public async Task A_mapping_is_created_read_listed_disabled_and_deleted()
    {
        await using var app = await LambdaApiPlatform.StartAsync(new EventCollector());
        var aws = new AwsCli(app.Endpoint);

        var created = Json(await aws.RunOkAsync("lambda", "create-event-source-mapping",
            "--function-name", "arn:aws:lambda:us-east-1:000000000000:function:collector",
            "--event-source-arn", QueueArn, "--batch-size", "5",
            "--function-response-types", "ReportBatchItemFailures",
            "--filter-criteria", """{"Filters":[{"Pattern":"{\"body\":{\"type\":[\"order\"]}}"}]}""",
            "--scaling-config", "MaximumConcurrency=3"));
        var uuid = created.GetProperty("UUID").GetString()!;
        Assert.Equal("Creating", created.GetProperty("State").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:collector", created.GetProperty("FunctionArn").GetString());
        Assert.Equal(QueueArn, created.GetProperty("EventSourceArn").GetString());
        Assert.Equal(5, created.GetProperty("BatchSize").GetInt32());
        Assert.Equal(0, created.GetProperty("MaximumBatchingWindowInSeconds").GetInt32());
        Assert.Equal("USER_INITIATED", created.GetProperty("StateTransitionReason").GetString());
        Assert.Equal(["ReportBatchItemFailures"], created.GetProperty("FunctionResponseTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("""{"body":{"type":["order"]}}""",
            created.GetProperty("FilterCriteria").GetProperty("Filters")[0].GetProperty("Pattern").GetString());
        Assert.Equal(3, created.GetProperty("ScalingConfig").GetProperty("MaximumConcurrency").GetInt32());
        // The CLI prints LastModified from epoch seconds as a local ISO time.
        Assert.True(DateTimeOffset.TryParse(created.GetProperty("LastModified").GetString(), out var lastModified));
        Assert.InRange(lastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

        var got = Json(await aws.RunOkAsync("lambda", "get-event-source-mapping", "--uuid", uuid));
        Assert.Equal("Enabled", got.GetProperty("State").GetString());
        Assert.Equal(5, got.GetProperty("BatchSize").GetInt32());

        var byFunction = Json(await aws.RunOkAsync("lambda", "list-event-source-mappings", "--function-name", "collector"));
        Assert.Equal(uuid, Assert.Single(byFunction.GetProperty("EventSourceMappings").EnumerateArray()).GetProperty("UUID").GetString());
        var bySource = Json(await aws.RunOkAsync("lambda", "list-event-source-mappings", "--event-source-arn", QueueArn));
        Assert.Single(bySource.GetProperty("EventSourceMappings").EnumerateArray());
        var otherSource = Json(await aws.RunOkAsync("lambda", "list-event-source-mappings", "--event-source-arn", QueueArn + "-other"));
        Assert.Empty(otherSource.GetProperty("EventSourceMappings").EnumerateArray());

        var updated = Json(await aws.RunOkAsync("lambda", "update-event-source-mapping", "--uuid", uuid, "--no-enabled", "--batch-size", "7"));
        Assert.Equal("Updating", updated.GetProperty("State").GetString());
        got = Json(await aws.RunOkAsync("lambda", "get-event-source-mapping", "--uuid", uuid));
        Assert.Equal("Disabled", got.GetProperty("State").GetString());
        Assert.Equal(7, got.GetProperty("BatchSize").GetInt32());
        Assert.Equal(["ReportBatchItemFailures"], got.GetProperty("FunctionResponseTypes").EnumerateArray().Select(e => e.GetString()));

        var deleted = Json(await aws.RunOkAsync("lambda", "delete-event-source-mapping", "--uuid", uuid));
        Assert.Equal("Deleting", deleted.GetProperty("State").GetString());
        var gone = await aws.RunAsync("lambda", "get-event-source-mapping", "--uuid", uuid);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("(ResourceNotFoundException)", gone.StandardError, StringComparison.Ordinal);
        Assert.Contains("The resource you requested does not exist.", gone.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nobody",
        "--function-name", "nobody", "--event-source-arn", QueueArn)]
    [InlineData("InvalidParameterValueException", "Invalid filter pattern definition.",
        "--function-name", "collector", "--event-source-arn", QueueArn, "--filter-criteria", """{"Filters":[{"Pattern":"{\"body\":[{\"bogus\":1}]}"}]}""")]
    [InlineData("InvalidParameterValueException", "StartingPosition is not valid for SQS",
        "--function-name", "collector", "--event-source-arn", QueueArn, "--starting-position", "LATEST")]
    [InlineData("InvalidParameterValueException", "Unrecognized event source",
        "--function-name", "collector", "--event-source-arn", "arn:aws:dynamodb:us-east-1:000000000000:table/t")]
    [InlineData("InvalidParameterValueException", "not available in this platform build",
        "--function-name", "collector", "--event-source-arn", "arn:aws:kinesis:us-east-1:000000000000:stream/s", "--starting-position", "LATEST")]
    [InlineData("ValidationException", "Member must have value less than or equal to 10000",
        "--function-name", "collector", "--event-source-arn", QueueArn, "--batch-size", "10001")]
    public async Task Bad_mappings_get_lambdas_errors(string code, string message, params string[] arguments)
    {
        await using var app = await LambdaApiPlatform.StartAsync(new EventCollector());

        var result = await new AwsCli(app.Endpoint).RunAsync(["lambda", "create-event-source-mapping", .. arguments]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"({code})", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_mapping_of_the_same_queue_and_function_conflicts()
    {
        await using var app = await LambdaApiPlatform.StartAsync(new EventCollector());
        var aws = new AwsCli(app.Endpoint);
        await aws.RunOkAsync("lambda", "create-event-source-mapping", "--function-name", "collector", "--event-source-arn", QueueArn);

        var again = await aws.RunAsync("lambda", "create-event-source-mapping", "--function-name", "collector", "--event-source-arn", QueueArn);

        Assert.Contains("(ResourceConflictException)", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Functions_are_listed_and_described()
    {
        await using var app = await LambdaApiPlatform.StartAsync(new EventCollector());
        var aws = new AwsCli(app.Endpoint);

        var list = Json(await aws.RunOkAsync("lambda", "list-functions"));
        Assert.Equal(["collector", "echo", "failing"],
            list.GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("FunctionName").GetString()).Order());

        var function = Json(await aws.RunOkAsync("lambda", "get-function", "--function-name", "collector")).GetProperty("Configuration");
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:collector", function.GetProperty("FunctionArn").GetString());
        Assert.Equal("Sample::Sample.Collector", function.GetProperty("Handler").GetString());
        Assert.Equal(10, function.GetProperty("Timeout").GetInt32());
        Assert.Equal(256, function.GetProperty("MemorySize").GetInt32());
        Assert.Equal("test", function.GetProperty("Environment").GetProperty("Variables").GetProperty("STAGE").GetString());

        var missing = await aws.RunAsync("lambda", "get-function", "--function-name", "nobody");
        Assert.Contains("(ResourceNotFoundException)", missing.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_runs_the_function_and_answers_its_result_or_its_error()
    {
        var collector = new EventCollector();
        await using var app = await LambdaApiPlatform.StartAsync(collector);
        var aws = new AwsCli(app.Endpoint);
        var output = Path.GetTempFileName();
        try
        {
            var ok = Json(await aws.RunOkAsync("lambda", "invoke", "--function-name", "echo", "--cli-binary-format", "raw-in-base64-out",
                "--payload", """{"hello":"world"}""", output));
            Assert.Equal(200, ok.GetProperty("StatusCode").GetInt32());
            Assert.False(ok.TryGetProperty("FunctionError", out _));
            Assert.Equal("world", Json(await File.ReadAllTextAsync(output)).GetProperty("hello").GetString());

            var failed = Json(await aws.RunOkAsync("lambda", "invoke", "--function-name", "failing", output));
            Assert.Equal(200, failed.GetProperty("StatusCode").GetInt32());
            Assert.Equal("Unhandled", failed.GetProperty("FunctionError").GetString());
            var error = Json(await File.ReadAllTextAsync(output));
            Assert.Equal("no can do", error.GetProperty("errorMessage").GetString());
            Assert.Equal("InvalidOperationException", error.GetProperty("errorType").GetString());

            var queued = Json(await aws.RunOkAsync("lambda", "invoke", "--function-name", "collector", "--invocation-type", "Event",
                "--cli-binary-format", "raw-in-base64-out", "--payload", """{"async":"yes"}""", output));
            Assert.Equal(202, queued.GetProperty("StatusCode").GetInt32());
            await collector.WaitForAsync(e => e.TryGetProperty("async", out var v) && v.GetString() == "yes", timeout: TimeSpan.FromSeconds(30));

            var dryRun = Json(await aws.RunOkAsync("lambda", "invoke", "--function-name", "collector", "--invocation-type", "DryRun", output));
            Assert.Equal(204, dryRun.GetProperty("StatusCode").GetInt32());

            var missing = await aws.RunAsync("lambda", "invoke", "--function-name", "nobody", output);
            Assert.Contains("(ResourceNotFoundException)", missing.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Theory]
    [InlineData("POST", "/2015-03-31/event-source-mappings/", "{not json", 400, "InvalidRequestContentException")]
    [InlineData("POST", "/2015-03-31/event-source-mappings/", "[1,2]", 400, "InvalidRequestContentException")]
    [InlineData("POST", "/2015-03-31/event-source-mappings/", """{"FunctionName":"collector","EventSourceArn":"arn:aws:sqs:us-east-1:000000000000:q","BatchSize":0}""", 400, "ValidationException")]
    [InlineData("POST", "/2015-03-31/event-source-mappings/", """{"FunctionName":"collector","EventSourceArn":"arn:aws:sqs:us-east-1:000000000000:q","BatchSize":"ten"}""", 400, "InvalidRequestContentException")]
    [InlineData("POST", "/2015-03-31/event-source-mappings/", """{"EventSourceArn":"arn:aws:sqs:us-east-1:000000000000:q"}""", 400, "ValidationException")]
    [InlineData("POST", "/2015-03-31/event-source-mappings/", """{"FunctionName":"collector"}""", 400, "InvalidParameterValueException")]
    [InlineData("POST", "/2015-03-31/event-source-mappings/", """{"FunctionName":"a:b:c:d","EventSourceArn":"arn:aws:sqs:us-east-1:000000000000:q"}""", 400, "ValidationException")]
    [InlineData("PUT", "/2015-03-31/event-source-mappings/no-such-uuid", "{}", 404, "ResourceNotFoundException")]
    [InlineData("DELETE", "/2015-03-31/event-source-mappings/no-such-uuid", "", 404, "ResourceNotFoundException")]
    [InlineData("GET", "/2015-03-31/event-source-mappings/?MaxItems=0", "", 400, "ValidationException")]
    [InlineData("POST", "/2015-03-31/functions/echo/invocations", "{not json", 400, "InvalidRequestContentException")]
    [InlineData("PATCH", "/2015-03-31/functions/echo", "", 404, "UnknownOperationException")]
    public async Task Malformed_requests_get_4xx_in_lambdas_shape(string method, string path, string body, int status, string type)
    {
        await using var app = await LambdaApiPlatform.StartAsync(new EventCollector());
        using var http = new HttpClient { BaseAddress = app.Endpoint };

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        });

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal(type, response.Headers.GetValues("X-Amzn-ErrorType").Single());
        var error = Json(await response.Content.ReadAsStringAsync());
        Assert.Equal("User", error.GetProperty("Type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_disabled_mapping_stays_disabled_after_a_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("platform-lambda-api-").FullName;
        try
        {
            string uuid;
            await using (var first = await LambdaApiPlatform.StartAsync(new EventCollector(), dataDir))
            {
                var aws = new AwsCli(first.Endpoint);
                uuid = Json(await aws.RunOkAsync("lambda", "create-event-source-mapping", "--function-name", "collector",
                    "--event-source-arn", QueueArn)).GetProperty("UUID").GetString()!;
                await aws.RunOkAsync("lambda", "update-event-source-mapping", "--uuid", uuid, "--no-enabled");
            }

            await using var second = await LambdaApiPlatform.StartAsync(new EventCollector(), dataDir);
            var got = Json(await new AwsCli(second.Endpoint).RunOkAsync("lambda", "get-event-source-mapping", "--uuid", uuid));
            Assert.Equal("Disabled", got.GetProperty("State").GetString());
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
