using System.Globalization;
using System.Text;
using Platform.Emulators.Edge;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>
/// Decodes the aws-chunked content encoding SigV4 streaming uploads use:
/// <c>hex-size[;chunk-signature=…]\r\n data \r\n</c> … <c>0[;…]\r\n</c>, then optional trailing
/// headers (<c>x-amz-checksum-crc32:…</c>) and a blank line. Chunk signatures are verified when the
/// request's own signature was (<c>--auth sigv4</c>): <paramref name="signatures"/> is then the chain.
/// </summary>
public sealed class AwsChunkedStream(Stream inner, ChunkSignatureChain? signatures = null) : Stream
{
    private const int MaxLineLength = 4096;

    /// <summary>A body of endless trailer lines would otherwise grow <see cref="Trailers"/> without bound.</summary>
    private const int MaxTrailers = 64;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private long _chunkRemaining;
    private bool _finished;
    private bool _innerDone;

    /// <summary>Trailing headers sent after the last chunk (STREAMING-UNSIGNED-PAYLOAD-TRAILER).</summary>
    public Dictionary<string, string> Trailers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (destination.Length == 0 || _finished)
            return 0;

        if (_chunkRemaining == 0)
        {
            var header = await ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw Malformed();
            var semicolon = header.IndexOf(';');
            var hex = (semicolon < 0 ? header : header[..semicolon]).Trim();
            if (!long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                throw Malformed();
            signatures?.Begin(ChunkSignature(header, semicolon));
            if (size == 0)
            {
                if (signatures is not null && !signatures.Complete())
                    throw SignatureMismatch();
                await ReadTrailersAsync(cancellationToken).ConfigureAwait(false);
                _finished = true;
                return 0;
            }

            _chunkRemaining = size;
        }

        if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            throw Malformed();
        var count = (int)Math.Min(Math.Min(destination.Length, _end - _start), _chunkRemaining);
        _buffer.AsMemory(_start, count).CopyTo(destination);
        signatures?.Append(_buffer.AsSpan(_start, count));
        _start += count;
        _chunkRemaining -= count;
        if (_chunkRemaining == 0 && signatures is not null && !signatures.Complete())
            throw SignatureMismatch();
        if (_chunkRemaining == 0 && await ReadLineAsync(cancellationToken).ConfigureAwait(false) is not "")
            throw Malformed();
        return count;
    }

    private async Task ReadTrailersAsync(CancellationToken cancellationToken)
    {
        // Some clients end right after the last chunk; a blank line or the end of the body ends trailers.
        while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
                Trailers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            if (Trailers.Count > MaxTrailers)
                throw Malformed();
        }
    }

    /// <summary>Reads up to CRLF; null at the end of the body.</summary>
    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
                return line.Length == 0 ? null : line.ToString();
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            line.Append(Encoding.ASCII.GetString(_buffer, _start, stop - _start));
            if (line.Length > MaxLineLength)
                throw Malformed();
            _start = newline < 0 ? _end : newline + 1;
            if (newline >= 0)
                return line.ToString().TrimEnd('\r');
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_innerDone)
            return false;
        _start = 0;
        _end = await inner.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        _innerDone = _end == 0;
        return _end > 0;
    }

    private static string? ChunkSignature(string header, int semicolon)
    {
        if (semicolon < 0)
            return null;
        var extension = header[(semicolon + 1)..].Trim();
        return extension.StartsWith("chunk-signature=", StringComparison.Ordinal) ? extension["chunk-signature=".Length..] : null;
    }

    private static StorageException SignatureMismatch() =>
        new("SignatureDoesNotMatch", "The chunk signature we calculated does not match the signature you provided.", 403);

    private static StorageException Malformed() =>
        new("IncompleteBody", "The aws-chunked body is malformed or ended early.", 400);

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
