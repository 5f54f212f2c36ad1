using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Platform.IntegrationTests.Hardening;

/// <summary>Whole HTTP/1.1 requests written byte for byte to a socket (nothing repairs them), and
/// the replies read back, bounded by a timeout so a hang fails the test.</summary>
internal static class RawExchange
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public sealed record Reply(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
    }

    /// <summary>A request with the given head lines (Host and Connection: close are added) and body.</summary>
    public static byte[] Request(int port, string requestLine, IEnumerable<string> headers, byte[]? body = null, bool contentLength = true)
    {
        var head = new StringBuilder(requestLine).Append("\r\nHost: 127.0.0.1:").Append(port).Append("\r\nConnection: close\r\n");
        foreach (var header in headers)
            head.Append(header).Append("\r\n");
        if (contentLength && body is not null)
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        head.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body ?? []];
    }

    /// <summary>Sends <paramref name="request"/> on a new connection and reads the reply to the connection's end.</summary>
    public static async Task<Reply> SendAsync(int port, byte[] request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // The server may answer and close before taking the whole body; its reply is what counts.
        }

        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // A reset after the reply (unread request body): what arrived is the reply.
        }

        return Parse(received.ToArray());
    }

    /// <summary>Reads one reply (head and Content-Length or chunked body) from a kept-alive connection.</summary>
    public static async Task<Reply?> ReadOneAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
                return null;
            buffer.Add(one[0]);
        }

        var head = Encoding.Latin1.GetString([.. buffer]);
        var headers = Headers(head);
        var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var read = await stream.ReadAsync(body.AsMemory(filled), cancellationToken);
            if (read == 0)
                return null;
            filled += read;
        }

        return new Reply(Status(head), headers, Encoding.UTF8.GetString(body));
    }

    private static bool EndsWithBlankLine(List<byte> buffer) =>
        buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n';

    public static Reply Parse(byte[] raw)
    {
        var text = Encoding.Latin1.GetString(raw);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"No complete HTTP reply: '{text}'");
        var headers = Headers(text[..end]);
        var body = raw.AsSpan(end + 4).ToArray();
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            body = Dechunk(body);
        return new Reply(Status(text), headers, Encoding.UTF8.GetString(body));
    }

    private static int Status(string head) => int.Parse(head.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Headers(string head)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return headers;
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        using var output = new MemoryStream();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = Array.IndexOf(chunked, (byte)'\n', position);
            if (lineEnd < 0)
                break;
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, position, lineEnd - position).Trim().Split(';')[0], 16);
            position = lineEnd + 1;
            if (size == 0)
                break;
            output.Write(chunked, position, Math.Min(size, chunked.Length - position));
            position += size + 2;
        }

        return output.ToArray();
    }
}
