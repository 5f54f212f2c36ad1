using System.Buffers;
using Microsoft.AspNetCore.Http;
using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Queues.Api;

/// <summary>A request body read whole into a rented array (SQS requests are small: a 256 KiB
/// message at most, form-encoded up to three times that).</summary>
internal sealed class RequestBody : IDisposable
{
    /// <summary>A 256 KiB batch, every byte percent-encoded, plus its parameter names.</summary>
    public const int MaxBytes = 1024 * 1024;

    private byte[] _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    public static async Task<RequestBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var declared = request.ContentLength;
        if (declared > MaxBytes)
            throw TooLarge();
        var buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 ? (int)declared.Value : 4096);
        var length = 0;
        try
        {
            var stream = request.Body;
            while (true)
            {
                var capacity = Math.Min(buffer.Length, MaxBytes);
                if (length == capacity)
                {
                    if (capacity == MaxBytes)
                    {
                        // One more byte would pass the limit: refuse instead of buffering without end.
                        var probe = new byte[1];
                        if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0)
                            throw TooLarge();
                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBytes));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, MaxBytes) - length), cancellationToken)
                    .ConfigureAwait(false);
                if (read == 0)
                    break;
                length += read;
            }

            return new RequestBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static QueueException TooLarge() =>
        QueueErrors.InvalidParameterValue($"The request body is larger than {MaxBytes} bytes.");

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}
