namespace Platform.Emulators.Streams.Engine;

/// <summary>Kinesis's error codes and messages in one place; the wire layer only maps them to the
/// JSON error shape. Shape constraints (lengths, ranges, patterns) are ValidationException with
/// AWS's "1 validation error detected" text; semantic refusals are InvalidArgumentException.</summary>
internal static class StreamErrors
{
    public static StreamException NotFound(string streamName, string account) =>
        new("ResourceNotFoundException", $"Stream {streamName} under account {account} not found.");

    public static StreamException InUse(string streamName, string account) =>
        new("ResourceInUseException", $"Stream {streamName} under account {account} already exists.");

    public static StreamException InvalidArgument(string message) => new("InvalidArgumentException", message);

    public static StreamException Validation(string value, string member, string constraint) =>
        new("ValidationException",
            $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    public static StreamException LimitExceeded(string message) => new("LimitExceededException", message);

    public static StreamException Expired(long issuedMs, long nowMs) =>
        new("ExpiredIteratorException",
            $"Iterator expired. The iterator was created at time {issuedMs} while right now it is {nowMs} which is further in the future than the tolerated delay of 300000 milliseconds.");

    public static StreamException InvalidIterator() => InvalidArgument("Invalid ShardIterator.");

    public static StreamException ShardNotFound(string shardId, string streamName, string account) =>
        new("ResourceNotFoundException", $"Shard {shardId} in stream {streamName} under account {account} does not exist");
}
