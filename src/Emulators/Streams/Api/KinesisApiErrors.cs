using Platform.Emulators.Streams.Engine;

namespace Platform.Emulators.Streams.Api;

/// <summary>Errors the wire layer raises itself (before the engine sees a request).</summary>
internal static class KinesisApiErrors
{
    public static StreamException Serialization(string message) => new("SerializationException", message);

    public static StreamException Validation(string value, string member, string constraint) =>
        new("ValidationException",
            $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    public static StreamException UnknownOperation(string target) =>
        new("UnknownOperationException", $"Operation {target} is not known to Kinesis.");

    public static StreamException NotSupported(string operation) =>
        new("InvalidArgumentException", $"{operation} is not supported by this Kinesis emulator (see docs/streams.md, LIMITATIONS).");

    public static StreamException InvalidArgument(string message) => new("InvalidArgumentException", message);
}
