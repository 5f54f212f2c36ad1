using System.Text;

namespace Platform.Emulators.Queues.Engine;

/// <summary>Stores message attributes as one compact blob (null when there are none, which is the
/// common case and costs nothing).</summary>
internal static class MessageAttributeCodec
{
    public static byte[]? Encode(IReadOnlyDictionary<string, MessageAttributeValue> attributes)
    {
        if (attributes.Count == 0)
            return null;
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(attributes.Count);
            foreach (var (name, value) in attributes)
            {
                writer.Write(name);
                writer.Write(value.DataType);
                if (value.BinaryValue is { } binary)
                {
                    writer.Write((byte)2);
                    writer.Write(binary.Length);
                    writer.Write(binary);
                }
                else
                {
                    writer.Write((byte)1);
                    writer.Write(value.StringValue ?? "");
                }
            }
        }

        return stream.ToArray();
    }

    public static IReadOnlyDictionary<string, MessageAttributeValue> Decode(byte[]? blob)
    {
        if (blob is null)
            return Empty;
        using var reader = new BinaryReader(new MemoryStream(blob), Encoding.UTF8);
        var count = reader.ReadInt32();
        var attributes = new Dictionary<string, MessageAttributeValue>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var dataType = reader.ReadString();
            attributes[name] = reader.ReadByte() == 2
                ? new MessageAttributeValue { DataType = dataType, BinaryValue = reader.ReadBytes(reader.ReadInt32()) }
                : new MessageAttributeValue { DataType = dataType, StringValue = reader.ReadString() };
        }

        return attributes;
    }

    private static readonly IReadOnlyDictionary<string, MessageAttributeValue> Empty =
        new Dictionary<string, MessageAttributeValue>();
}
