using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary><c>{"cidr": "10.0.0.0/24"}</c>: string leaves holding an IPv4 or IPv6 address inside the block.</summary>
internal sealed class CidrMatcher : ValueMatcher
{
    private readonly byte[] _network;
    private readonly int _prefixLength;
    private readonly AddressFamily _family;

    private CidrMatcher(byte[] network, int prefixLength, AddressFamily family)
    {
        _network = network;
        _prefixLength = prefixLength;
        _family = family;
    }

    public static CidrMatcher Parse(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !TryParseAddress(cidr[..slash], out var address)
            || !int.TryParse(cidr.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
            || length > address.GetAddressBytes().Length * 8)
        {
            throw PatternErrors.Invalid($"\"{cidr}\" is not a valid CIDR block (e.g. 10.0.0.0/24)");
        }
        return new CidrMatcher(address.GetAddressBytes(), length, address.AddressFamily);
    }

    public override bool Matches(JsonElement leaf)
    {
        if (leaf.ValueKind != JsonValueKind.String || !TryParseAddress(leaf.GetString()!, out var address)
            || address.AddressFamily != _family)
        {
            return false;
        }
        var bytes = address.GetAddressBytes();
        for (var bit = 0; bit < _prefixLength; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((bytes[bit / 8] & mask) != (_network[bit / 8] & mask))
                return false;
        }
        return true;
    }

    // IPAddress.TryParse reads "10" as 0.0.0.10; an address in an event is written in full.
    private static bool TryParseAddress(string text, out IPAddress address) =>
        IPAddress.TryParse(text, out address!)
        && (address.AddressFamily == AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3);
}
