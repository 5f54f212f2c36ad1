namespace ObjectSummary;

/// <summary>Counts lines and words over the first <c>limit</c> bytes of a stream, fed in chunks.
/// Works on UTF-8 bytes directly: multi-byte sequences never contain ASCII whitespace.</summary>
internal sealed class TextStatistics(int limit)
{
    private int _seen;
    private bool _inWord;
    private byte _last = (byte)'\n';
    private long _newlines;

    public long Words { get; private set; }

    public bool LooksLikeText { get; private set; } = true;

    /// <summary>Lines as <c>wc -l</c> would count them, plus an unterminated last line.</summary>
    public long Lines => _newlines + (_seen > 0 && _last != (byte)'\n' ? 1 : 0);

    public void Add(ReadOnlySpan<byte> chunk)
    {
        var take = Math.Min(chunk.Length, limit - _seen);
        if (take <= 0)
            return;
        foreach (var b in chunk[..take])
        {
            if (b == 0)
                LooksLikeText = false;
            if (b == (byte)'\n')
                _newlines++;
            var space = b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';
            if (!space && !_inWord)
                Words++;
            _inWord = !space;
            _last = b;
        }

        _seen += take;
    }

    /// <summary>True or false when the declared type says; null when it does not (octet-stream).</summary>
    public static bool? IsTextContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || contentType.StartsWith("binary/", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
            return null;
        return contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("xml", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("csv", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("javascript", StringComparison.OrdinalIgnoreCase);
    }
}
