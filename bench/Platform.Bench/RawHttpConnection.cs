using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;

namespace Platform.Bench;

/// <summary>A minimal HTTP/1.1 keep-alive client: writes a prepared request and reads one response
/// (Content-Length or chunked), counting the body rather than keeping it. Nothing else, so the client
/// costs a fraction of the server it measures.</summary>
internal sealed class RawHttpConnection : IDisposable
{
    private static readonly byte[] LastChunk = "\r\n0\r\n\r\n"u8.ToArray();
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly byte[] _buffer = new byte[64 * 1024];

    public static async Task<RawHttpConnection> OpenAsync(int port)
    {
        var connection = new RawHttpConnection();
        await connection._socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return connection;
    }

    /// <summary>Sends the request and returns the response's status code once its body is read.</summary>
    public async Task<int> SendAsync(ReadOnlyMemory<byte> request)
    {
        await _socket.SendAsync(request, SocketFlags.None);
        var read = 0;
        var headerEnd = -1;
        while (headerEnd < 0)
        {
            read += await ReceiveAsync(read);
            headerEnd = _buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8);
        }

        Utf8Parser.TryParse(_buffer.AsSpan(9, 3), out int status, out _);
        var headers = _buffer.AsSpan(0, headerEnd);
        var bodyStart = headerEnd + 4;
        if (ContentLength(headers) is { } length)
        {
            long remaining = length - (read - bodyStart);
            while (remaining > 0)
                remaining -= await ReceiveAsync(0);
            return status;
        }

        if (!Contains(headers, "Transfer-Encoding: chunked"u8) && !Contains(headers, "transfer-encoding: chunked"u8))
            throw new IOException("response without Content-Length or chunked framing");
        // Chunked: read until the last chunk. The tail of what was read is kept at the front of the
        // buffer so the terminator is found even when it arrives split over two reads.
        var body = _buffer.AsSpan(bodyStart - 2, read - bodyStart + 2).ToArray();
        body.CopyTo(_buffer, 0);
        read = body.Length;
        while (!_buffer.AsSpan(0, read).EndsWith(LastChunk))
        {
            if (read > _buffer.Length / 2)
            {
                _buffer.AsSpan(read - LastChunk.Length, LastChunk.Length).CopyTo(_buffer);
                read = LastChunk.Length;
            }

            read += await ReceiveAsync(read);
        }

        return status;
    }

    private async Task<int> ReceiveAsync(int offset)
    {
        var n = await _socket.ReceiveAsync(_buffer.AsMemory(offset), SocketFlags.None);
        if (n == 0)
            throw new IOException("the server closed the connection");
        return n;
    }

    private static bool Contains(ReadOnlySpan<byte> headers, ReadOnlySpan<byte> value) => headers.IndexOf(value) >= 0;

    private static int? ContentLength(ReadOnlySpan<byte> headers)
    {
        // Node servers (the peers) may send the header in lower case.
        var at = headers.IndexOf("Content-Length: "u8);
        if (at < 0)
            at = headers.IndexOf("content-length: "u8);
        if (at < 0)
            return null;
        Utf8Parser.TryParse(headers[(at + 16)..], out int length, out _);
        return length;
    }

    public void Dispose() => _socket.Dispose();
}
