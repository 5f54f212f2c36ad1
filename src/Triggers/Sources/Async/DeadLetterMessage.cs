using System.Text;
using Platform.Contracts.Dispatch;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Topics.Engine;

namespace Platform.Triggers.Sources.Async;

/// <summary>
/// The message Lambda's legacy async dead-letter queue or topic (DeadLetterConfig) gets: unlike a destination
/// record, the body is the original event as it was invoked, and why it was given up travels in
/// message attributes — RequestID (String), ErrorCode (Number: the invocation's 3-digit status, 200
/// for a function error) and ErrorMessage (String: the first 1 KB of the error message).
/// </summary>
public static class DeadLetterMessage
{
    public const int MaxErrorMessageBytes = 1024;

    public static OutgoingMessage Build(AsyncEvent asyncEvent, FunctionInvoked? lastFailure)
    {
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["RequestID"] = new() { DataType = "String", StringValue = asyncEvent.RequestId },
        };
        // An event that aged out before any attempt (after a restart) has no error to report.
        if (lastFailure is not null)
        {
            attributes["ErrorCode"] = new() { DataType = "Number", StringValue = "200" };
            attributes["ErrorMessage"] = new() { DataType = "String", StringValue = Truncate(ErrorMessage(lastFailure)) };
        }

        return new OutgoingMessage { Body = asyncEvent.Payload, MessageAttributes = attributes };
    }

    /// <summary>The same message for an SNS dead-letter topic: the payload as the Message, the same
    /// attributes as SNS message attributes (subscribers see them raw or in the JSON envelope).</summary>
    public static PublishRequest ToPublish(OutgoingMessage message) => new()
    {
        Message = message.Body,
        MessageAttributes = message.MessageAttributes.ToDictionary(a => a.Key,
            a => new TopicAttribute { DataType = a.Value.DataType, StringValue = a.Value.StringValue }, StringComparer.Ordinal),
    };

    private static string ErrorMessage(FunctionInvoked failure) =>
        failure.ErrorMessage ?? (failure.Outcome == InvocationOutcome.TimedOut
            ? $"RequestId: {failure.RequestId} Error: Task timed out"
            : $"RequestId: {failure.RequestId} Error: the function failed");

    private static string Truncate(string message)
    {
        if (Encoding.UTF8.GetByteCount(message) <= MaxErrorMessageBytes)
            return message;
        var bytes = Encoding.UTF8.GetBytes(message);
        var length = MaxErrorMessageBytes;
        // Never cut a UTF-8 sequence in two.
        while (length > 0 && (bytes[length] & 0xC0) == 0x80)
            length--;
        return Encoding.UTF8.GetString(bytes, 0, length);
    }
}
