using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.Functions;
using Platform.Functions.Events;

namespace OrderReceipts;

/// <summary>
/// Records every order message of an SQS batch as <c>s3://{OUTPUT_BUCKET}/receipts/{orderId}.json</c>.
/// A message that is not an order is reported in <c>batchItemFailures</c> (the mapping opts in with
/// ReportBatchItemFailures): the rest of the batch is deleted, that message is retried and, after
/// the queue's maxReceiveCount, lands on its dead-letter queue.
/// Handler: <c>OrderReceipts::OrderReceipts.RecordOrders</c>.
/// </summary>
public sealed class RecordOrders : IFunction<SqsEvent, BatchItemFailuresResponse>
{
    // One per concurrent invocation, reused like in a warm Lambda.
    private AmazonS3Client? _s3;

    public async Task<BatchItemFailuresResponse> HandleAsync(SqsEvent input, IFunctionContext context)
    {
        var s3 = _s3 ??= CreateClient(context.Environment);
        var bucket = context.Environment.GetValueOrDefault("OUTPUT_BUCKET") ?? "processed";
        var failed = new List<string>();

        foreach (var message in input.Records)
        {
            var order = Read(message.Body, out var reason);
            if (order?.OrderId is not { Length: > 0 } orderId)
            {
                context.Logger.NotAnOrder(message.MessageId, reason ?? "no orderId");
                failed.Add(message.MessageId);
                continue;
            }

            var key = $"receipts/{orderId}.json";
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                ContentType = "application/json",
                ContentBody = JsonSerializer.Serialize(new { orderId, order.Amount, message.MessageId, queue = message.EventSourceArn }, FunctionJson.Options),
                UseChunkEncoding = false,
            }, context.CancellationToken);
            context.Logger.Recorded(orderId, message.MessageId, message.Attributes.GetValueOrDefault("ApproximateReceiveCount") ?? "?", bucket, key);
        }

        return BatchItemFailuresResponse.For(failed);
    }

    private static Order? Read(string body, out string? reason)
    {
        reason = null;
        try
        {
            return FunctionJson.Deserialize<Order>(body);
        }
        catch (JsonException ex)
        {
            reason = ex.Message;
            return null;
        }
    }

    private static AmazonS3Client CreateClient(IReadOnlyDictionary<string, string> environment) => new(
        new BasicAWSCredentials(
            environment.GetValueOrDefault("AWS_ACCESS_KEY_ID") ?? "test",
            environment.GetValueOrDefault("AWS_SECRET_ACCESS_KEY") ?? "test"),
        new AmazonS3Config
        {
            ServiceURL = environment.GetValueOrDefault("AWS_ENDPOINT_URL") ?? "http://localhost:4566",
            ForcePathStyle = true,
            AuthenticationRegion = environment.GetValueOrDefault("AWS_REGION") ?? "us-east-1",
        });
}
