using System.Security.Cryptography;
using System.Text;

namespace Platform.Emulators.Edge;

/// <summary>The signatures of an aws-chunked upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): each chunk
/// signs its data and the previous chunk's signature, starting from the request's own signature, so
/// a chunk can be neither altered, dropped nor reordered.</summary>
public sealed class ChunkSignatureChain(byte[] signingKey, string amzDate, string scope, string seedSignature)
{
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private readonly IncrementalHash _data = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string _previous = seedSignature;
    private string? _claimed;

    /// <summary>A chunk starts; <paramref name="claimed"/> is its chunk-signature extension.</summary>
    public void Begin(string? claimed) => _claimed = claimed;

    public void Append(ReadOnlySpan<byte> data) => _data.AppendData(data);

    /// <summary>The chunk ended: true when its signature is the one the chain gives.</summary>
    public bool Complete()
    {
        var stringToSign = $"AWS4-HMAC-SHA256-PAYLOAD\n{amzDate}\n{scope}\n{_previous}\n{EmptyHash}\n{Convert.ToHexStringLower(_data.GetHashAndReset())}";
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));
        _previous = expected;
        return _claimed is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(_claimed.ToLowerInvariant()));
    }
}
