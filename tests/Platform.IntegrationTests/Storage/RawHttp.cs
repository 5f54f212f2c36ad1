using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Platform.IntegrationTests.Storage;

/// <summary>One HTTP/1.1 exchange over a bare socket, for requests HttpClient would refuse or repair
/// (bad Content-Length, invalid percent-encoding, truncated bodies). The request is sent with
/// <c>Connection: close</c> and the reply read to the end, bounded by a timeout so a hang fails fast.</summary>
internal static class RawHttp
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public sealed record Reply(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>Sends <paramref name="head"/> (request line and headers, without the blank line) and
    /// <paramref name="body"/>, then reads the reply.</summary>
    public static async Task<Reply> SendAsync(int port, string head, byte[] body)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Head(head, port));
        await stream.WriteAsync(body);

        using var timeout = new CancellationTokenSource(Timeout);
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // Kestrel may reset after its reply (unread request body); what arrived is the reply.
        }

        return Parse(received.ToArray());
    }

    /// <summary>Sends a head with <c>Expect: 100-continue</c>, waits for the server's 100 (which Kestrel
    /// sends once the handler reads the body, so the request is certainly under way), sends part of the
    /// body and drops the connection: a FIN, or with <paramref name="reset"/> an RST.</summary>
    public static async Task AbortMidBodyAsync(int port, string head, byte[] partialBody, bool reset)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Head(head + "\r\nExpect: 100-continue", port));
        using var timeout = new CancellationTokenSource(Timeout);
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, "The server closed the connection before 100 Continue: " + received);
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.StartsWith("HTTP/1.1 100", received.ToString());
        await stream.WriteAsync(partialBody);
        await stream.FlushAsync();
        if (reset)
            tcp.Client.LingerState = new LingerOption(true, 0);
        else
            tcp.Client.Shutdown(SocketShutdown.Send);
        tcp.Close();
    }

    private static byte[] Head(string head, int port)
    {
        var firstLine = head.IndexOf("\r\n", StringComparison.Ordinal);
        var requestLine = firstLine < 0 ? head : head[..firstLine];
        var headers = firstLine < 0 ? "" : head[firstLine..];
        return Encoding.Latin1.GetBytes($"{requestLine}\r\nHost: 127.0.0.1:{port}\r\nConnection: close{headers}\r\n\r\n");
    }

    private static Reply Parse(byte[] raw)
    {
        var text = Encoding.Latin1.GetString(raw);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"No complete HTTP reply: '{text}'");
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = raw.AsSpan(end + 4).ToArray();
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            body = Dechunk(body);
        return new Reply(status, headers, Encoding.UTF8.GetString(body));
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        using var output = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = Array.IndexOf(chunked, (byte)'\n', position);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, position, lineEnd - position).Trim().Split(';')[0], 16);
            position = lineEnd + 1;
            if (size == 0)
                return output.ToArray();
            output.Write(chunked, position, size);
            position += size + 2;
        }
    }
}
