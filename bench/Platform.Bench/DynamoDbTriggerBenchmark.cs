using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.Tables.Engine;
using Platform.Triggers.Mappings;

namespace Platform.Bench;

/// <summary>
/// PutItem → invocation, embedded: a plain HTTP PutItem to the DynamoDB API and a function registered
/// in code that notes when it was entered. Measures the table trigger path: the item and its stream
/// record in one commit, the shard reader's wake-up on the stream's change signal (no poll interval),
/// the batch, the MassTransit request to the runtime.
/// </summary>
internal static class DynamoDbTriggerBenchmark
{
    public static Task RunAsync(int items, int concurrency, int parallelization) => new StreamTriggerLatency
    {
        Scenario = "dynamodb-trigger",
        Operation = "PutItem",
        Kind = EventSourceKind.DynamoDb,
        FunctionConcurrency = Math.Max(parallelization, 4),
        IdOf = record => record.GetProperty("dynamodb").GetProperty("Keys").GetProperty("pk").GetProperty("S").GetString()!,
        Source = async services =>
        {
            var table = await services.GetRequiredService<TableEngine>().CreateTableAsync(new TableDefinition
            {
                Name = "bench", AttributeDefinitions = [new AttributeDefinition("pk", "S")], HashKey = "pk",
                BillingMode = "PAY_PER_REQUEST", StreamEnabled = true, StreamViewType = "NEW_IMAGE",
            });
            return new EventSourceMapping { Uuid = "", FunctionName = "", EventSourceArn = table.Stream!.Arn, ParallelizationFactor = parallelization };
        },
        Put = id =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/")
            {
                Content = new StringContent("{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"" + id + "\"},\"v\":{\"N\":\"1\"}}}",
                    Encoding.UTF8, "application/x-amz-json-1.0"),
            };
            request.Headers.Add("X-Amz-Target", "DynamoDB_20120810.PutItem");
            return request;
        },
    }.RunAsync(items, concurrency, $"{concurrency} putters, ParallelizationFactor {parallelization}");
}
