using Microsoft.Extensions.Logging;

namespace ObjectSummary;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Summarized s3://{Bucket}/{Key} ({Size} bytes, sha256 {Sha256}) into s3://{OutputBucket}/{SummaryKey}")]
    public static partial void SummarizedObject(this ILogger logger, string bucket, string key, long size, string sha256, string outputBucket, string summaryKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped s3://{Bucket}/{Key} ({EventName}): not an upload, or itself a summary")]
    public static partial void SkippedObject(this ILogger logger, string bucket, string key, string? eventName);
}
