using System.Buffers;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace Platform.Emulators.Edge;

/// <summary>A request body read whole into a rented array, bounded: the body of every edge API but
/// S3's, which streams. A body past the limit is refused with the protocol's own error, unread.</summary>
public sealed class EdgeBody : IDisposable
{
    private byte[] _buffer;

    private EdgeBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>True when the body is well-formed UTF-8 (every JSON and form body must be).</summary>
    public bool IsValidUtf8 => Utf8.IsValid(Span);

    /// <summary>Reads the body; <paramref name="tooLarge"/> when it is over <paramref name="maxBytes"/>
    /// (declared or actual).</summary>
    public static async Task<EdgeBody> ReadAsync(HttpRequest request, int maxBytes, Func<EdgeException> tooLarge,
        CancellationToken cancellationToken)
    {
        var declared = request.ContentLength;
        if (declared > maxBytes)
            throw tooLarge();
        var buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 ? (int)declared.Value : 4096);
        var length = 0;
        try
        {
            var stream = request.Body;
            while (true)
            {
                var capacity = Math.Min(buffer.Length, maxBytes);
                if (length == capacity)
                {
                    if (capacity == maxBytes)
                    {
                        // One more byte would pass the limit: refuse instead of buffering without end.
                        var probe = new byte[1];
                        if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0)
                            throw tooLarge();
                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxBytes));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, maxBytes) - length), cancellationToken)
                    .ConfigureAwait(false);
                if (read == 0)
                    break;
                length += read;
            }

            return new EdgeBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}
