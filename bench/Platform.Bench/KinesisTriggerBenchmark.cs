using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.Streams.Engine;
using Platform.Triggers.Mappings;

namespace Platform.Bench;

/// <summary>
/// PutRecord → invocation, embedded: a plain HTTP PutRecord to the Kinesis API and a function
/// registered in code that notes when it was entered. Measures the stream trigger path: the
/// stream engine's commit, the shard reader's wake-up on the stream's change signal (no poll
/// interval), the batch, the MassTransit request to the runtime.
/// </summary>
internal static class KinesisTriggerBenchmark
{
    public static Task RunAsync(int records, int concurrency, int shards) => new StreamTriggerLatency
    {
        Scenario = "kinesis-trigger",
        Operation = "PutRecord",
        Kind = EventSourceKind.Kinesis,
        FunctionConcurrency = Math.Max(shards, 4),
        IdOf = record => Encoding.UTF8.GetString(record.GetProperty("kinesis").GetProperty("data").GetBytesFromBase64()),
        Source = async services =>
        {
            await services.GetRequiredService<StreamEngine>().CreateStreamAsync("bench", shards);
            return new EventSourceMapping { Uuid = "", FunctionName = "", EventSourceArn = "arn:aws:kinesis:us-east-1:000000000000:stream/bench" };
        },
        Put = id =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/")
            {
                Content = new StringContent(
                    $$"""{"StreamName":"bench","PartitionKey":"{{id}}","Data":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes(id))}}"}""",
                    Encoding.UTF8, "application/x-amz-json-1.1"),
            };
            request.Headers.Add("X-Amz-Target", "Kinesis_20131202.PutRecord");
            return request;
        },
    }.RunAsync(records, concurrency, $"{concurrency} putters over {shards} shards");
}
