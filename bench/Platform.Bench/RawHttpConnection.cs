using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;

namespace Platform.Bench;

/// <summary>A minimal HTTP/1.1 keep-alive client: writes a prepared request and reads one
/// Content-Length response. Nothing else, so the client costs a fraction of the server it measures.</summary>
internal sealed class RawHttpConnection : IDisposable
{
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
        var total = -1;
        while (total < 0 || read < total)
        {
            var n = await _socket.ReceiveAsync(_buffer.AsMemory(read), SocketFlags.None);
            if (n == 0)
                throw new IOException("the server closed the connection");
            read += n;
            if (headerEnd < 0)
            {
                headerEnd = _buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8);
                if (headerEnd < 0)
                    continue;
                total = headerEnd + 4 + ContentLength(_buffer.AsSpan(0, headerEnd));
            }
        }

        Utf8Parser.TryParse(_buffer.AsSpan(9, 3), out int status, out _);
        return status;
    }

    private static int ContentLength(ReadOnlySpan<byte> headers)
    {
        var at = headers.IndexOf("Content-Length: "u8);
        if (at < 0)
            throw new IOException("response without Content-Length");
        Utf8Parser.TryParse(headers[(at + 16)..], out int length, out _);
        return length;
    }

    public void Dispose() => _socket.Dispose();
}
