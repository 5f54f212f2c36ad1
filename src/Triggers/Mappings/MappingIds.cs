using System.Security.Cryptography;
using System.Text;

namespace Platform.Triggers.Mappings;

public static class MappingIds
{
    /// <summary>The UUID of a mapping declared in platform.yaml: derived from function and source,
    /// so the same declaration keeps its identity (and its state) across restarts and reloads.</summary>
    public static string ForDeclaration(string functionName, string eventSourceArn)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"platform.yaml\n{functionName}\n{eventSourceArn}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        // RFC 9562 version 8 (custom), variant 10: a well-formed UUID, recognisably not random.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    public static string NewId() => Guid.NewGuid().ToString("D");
}
