using System.Buffers;
using System.Text;

namespace Platform.Emulators.Queues.Api.Query;

/// <summary>Writes SQS's XML replies as UTF-8 straight into a pooled buffer: the shapes are fixed
/// and flat, so an XmlWriter would only add allocations and checks.</summary>
internal sealed class SqsXmlWriter(PooledBufferWriter output)
{
    public const string Namespace = "http://queue.amazonaws.com/doc/2012-11-05/";
    private static readonly SearchValues<char> NeedsEscaping = SearchValues.Create("&<>\"\r");

    public void Raw(ReadOnlySpan<byte> utf8) => output.Write(utf8);

    public void Open(string name)
    {
        Raw("<"u8);
        Name(name);
        Raw(">"u8);
    }

    public void Close(string name)
    {
        Raw("</"u8);
        Name(name);
        Raw(">"u8);
    }

    /// <summary>Writes <c>&lt;name&gt;value&lt;/name&gt;</c>; nothing for a null value.</summary>
    public void Element(string name, string? value)
    {
        if (value is null)
            return;
        Open(name);
        Text(value);
        Close(name);
    }

    public void Text(string value)
    {
        var text = value.AsSpan();
        while (!text.IsEmpty)
        {
            var special = text.IndexOfAny(NeedsEscaping);
            var plain = special < 0 ? text : text[..special];
            if (!plain.IsEmpty)
            {
                var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(plain.Length));
                output.Advance(Encoding.UTF8.GetBytes(plain, span));
            }

            if (special < 0)
                return;
            Raw(text[special] switch
            {
                '&' => "&amp;"u8,
                '<' => "&lt;"u8,
                '>' => "&gt;"u8,
                '"' => "&quot;"u8,
                // A literal CR would come back as LF after the client's XML parser normalizes it.
                _ => "&#xD;"u8,
            });
            text = text[(special + 1)..];
        }
    }

    /// <summary>An element name: always ASCII.</summary>
    public void Name(string name)
    {
        var span = output.GetSpan(name.Length);
        for (var i = 0; i < name.Length; i++)
            span[i] = (byte)name[i];
        output.Advance(name.Length);
    }
}
