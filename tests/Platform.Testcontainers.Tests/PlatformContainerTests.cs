using System.Net.Http.Json;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using Platform.IntegrationTests.Containers;
using Platform.Testcontainers;

namespace Platform.Testcontainers.Tests;

/// <summary>
/// The module as a user's test uses it: the platform image started by Testcontainers with a config and a
/// function folder, driven through the container's AWSSDK clients. Ryuk (Testcontainers' reaper) is an
/// image pulled from a registry, which this machine cannot reach: the tests dispose their containers.
/// </summary>
public sealed class PlatformContainerTests
{
    static PlatformContainerTests() => Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");

    [ContainerFact]
    public async Task An_upload_runs_the_mounted_function_and_the_clients_reach_every_service()
    {
        await PlatformImage.EnsureBuiltAsync();
        var stack = Directory.CreateTempSubdirectory("platform-tc-");
        var function = Directory.CreateDirectory(Path.Combine(stack.FullName, "stamp"));
        await File.WriteAllTextAsync(Path.Combine(function.FullName, "app.py"), """
            import os, boto3
            s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
            def handler(event, context):
                key = event["Records"][0]["s3"]["object"]["key"]
                body = s3.get_object(Bucket="inbox", Key=key)["Body"].read()
                s3.put_object(Bucket="outbox", Key=key, Body=body.upper())
                return {"stamped": key}
            """);
        var config = Path.Combine(stack.FullName, "platform.yaml");
        await File.WriteAllTextAsync(config, """
            buckets: [inbox, outbox]
            functions:
              stamp:
                runtime: python3.12
                handler: app.handler
                code: ./stamp
                timeout: 30s   # Lambda's default 3 s is too short for boto3's first import on a busy machine
                triggers:
                  - s3: { bucket: inbox, events: ["s3:ObjectCreated:*"] }
            """);

        await using var platform = new PlatformBuilder(PlatformImage.Name).WithConfig(config).WithFunctions(function.FullName).Build();
        await platform.StartAsync();

        using var s3 = platform.CreateS3Client();
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "inbox", Key = "note.txt", ContentBody = "hello" });
        using var http = new HttpClient { BaseAddress = platform.GetEndpoint(), Timeout = TimeSpan.FromSeconds(90) };
        var invocations = await http.GetFromJsonAsync<JsonElement>("/_platform/invocations?function=stamp&minCount=1&waitSeconds=60");
        var invocation = Assert.Single(invocations.EnumerateArray());
        Assert.True(invocation.GetProperty("outcome").GetString() == "Succeeded", invocation.ToString());
        using var stamped = await s3.GetObjectAsync("outbox", "note.txt");
        Assert.Equal("HELLO", await new StreamReader(stamped.ResponseStream).ReadToEndAsync());

        using var sqs = platform.CreateSqsClient();
        var queue = (await sqs.CreateQueueAsync("jobs")).QueueUrl;
        await sqs.SendMessageAsync(queue, "job-1");
        var received = await sqs.ReceiveMessageAsync(new Amazon.SQS.Model.ReceiveMessageRequest { QueueUrl = queue, WaitTimeSeconds = 5 });
        Assert.Equal("job-1", Assert.Single(received.Messages).Body);

        using var dynamo = platform.CreateDynamoDbClient();
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = "things",
            AttributeDefinitions = [new AttributeDefinition("id", "S")],
            KeySchema = [new KeySchemaElement("id", "HASH")],
            BillingMode = "PAY_PER_REQUEST",
        });
        await dynamo.PutItemAsync("things", new Dictionary<string, AttributeValue> { ["id"] = new("a"), ["n"] = new() { N = "1" } });
        var item = await dynamo.GetItemAsync("things", new Dictionary<string, AttributeValue> { ["id"] = new("a") });
        Assert.Equal("1", item.Item["n"].N);
        stack.Delete(recursive: true);
    }

    [Fact]
    public void A_missing_config_or_function_folder_is_refused_when_the_container_is_built()
    {
        Assert.Throws<FileNotFoundException>(() => new PlatformBuilder(PlatformImage.Name).WithConfig("/no/such/platform.yaml"));
        Assert.Throws<DirectoryNotFoundException>(() => new PlatformBuilder(PlatformImage.Name).WithFunctions("/no/such/folder"));
    }
}
