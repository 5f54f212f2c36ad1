using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.Functions;
using Platform.Functions.Events;

namespace ObjectSummary;

/// <summary>
/// Summarises every uploaded object — size, SHA-256, content type, and for text the line and word
/// counts of its first megabyte — into <c>s3://{OUTPUT_BUCKET}/{key}.summary.json</c>.
/// Handler: <c>ObjectSummary::ObjectSummary.SummarizeUpload</c>.
/// </summary>
public sealed class SummarizeUpload : IFunction<S3Event, SummarizeUploadResult>
{
    public const string SummarySuffix = ".summary.json";

    /// <summary>Text statistics stop here so a huge object costs one pass of hashing, not parsing.</summary>
    public const int TextSampleBytes = 1024 * 1024;

    // Created on first use, from the invocation's environment; the platform keeps one instance per
    // concurrent invocation, so the client is reused across events like in a warm Lambda.
    private AmazonS3Client? _s3;

    public async Task<SummarizeUploadResult> HandleAsync(S3Event input, IFunctionContext context)
    {
        var s3 = _s3 ??= CreateClient(context.Environment);
        var outputBucket = context.Environment.GetValueOrDefault("OUTPUT_BUCKET") ?? "processed";
        var written = new List<string>();
        var skipped = 0;

        foreach (var record in input.Records)
        {
            var bucket = record.S3.Bucket.Name;
            var key = record.S3.Object.DecodedKey;
            if (record.EventName?.StartsWith("ObjectCreated", StringComparison.Ordinal) != true || key.EndsWith(SummarySuffix, StringComparison.Ordinal))
            {
                context.Logger.SkippedObject(bucket, key, record.EventName);
                skipped++;
                continue;
            }

            var summary = await SummarizeAsync(s3, bucket, key, context.CancellationToken);
            var summaryKey = key + SummarySuffix;
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = outputBucket,
                Key = summaryKey,
                ContentType = "application/json",
                ContentBody = System.Text.Json.JsonSerializer.Serialize(summary, FunctionJson.Options),
                // A plain signed body, so any S3-compatible server accepts it.
                UseChunkEncoding = false,
            }, context.CancellationToken);

            context.Logger.SummarizedObject(bucket, key, summary.Size, summary.Sha256, outputBucket, summaryKey);
            written.Add($"{outputBucket}/{summaryKey}");
        }

        return new SummarizeUploadResult(written.Count, skipped, written);
    }

    private static async Task<ObjectSummaryDocument> SummarizeAsync(IAmazonS3 s3, string bucket, string key, CancellationToken cancellationToken)
    {
        using var response = await s3.GetObjectAsync(bucket, key, cancellationToken);
        var contentType = response.Headers.ContentType;
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var text = new TextStatistics(TextSampleBytes);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await response.ResponseStream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha256.AppendData(buffer, 0, read);
            text.Add(buffer.AsSpan(0, read));
            size += read;
        }

        var isText = TextStatistics.IsTextContentType(contentType) ?? text.LooksLikeText;
        return new ObjectSummaryDocument
        {
            Bucket = bucket,
            Key = key,
            Size = size,
            Sha256 = Convert.ToHexStringLower(sha256.GetHashAndReset()),
            ContentType = contentType,
            ETag = response.ETag?.Trim('"'),
            Lines = isText ? text.Lines : null,
            Words = isText ? text.Words : null,
            TextSampled = isText && size > TextSampleBytes,
        };
    }

    private static AmazonS3Client CreateClient(IReadOnlyDictionary<string, string> environment)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = environment.GetValueOrDefault("AWS_ENDPOINT_URL") ?? "http://localhost:4566",
            ForcePathStyle = true,
            AuthenticationRegion = environment.GetValueOrDefault("AWS_REGION") ?? "us-east-1",
        };
        var credentials = new BasicAWSCredentials(
            environment.GetValueOrDefault("AWS_ACCESS_KEY_ID") ?? "test",
            environment.GetValueOrDefault("AWS_SECRET_ACCESS_KEY") ?? "test");
        return new AmazonS3Client(credentials, config);
    }
}
