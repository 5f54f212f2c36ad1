using Microsoft.Extensions.Logging;

namespace OrderReceipts;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} (message {MessageId}, receive {ReceiveCount}) recorded as s3://{Bucket}/{Key}")]
    public static partial void Recorded(this ILogger logger, string orderId, string messageId, string receiveCount, string bucket, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} is not an order ({Reason}); reported as a batch item failure")]
    public static partial void NotAnOrder(this ILogger logger, string messageId, string reason);
}
