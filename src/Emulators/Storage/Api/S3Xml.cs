using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>Writing S3's XML replies and reading its XML requests.</summary>
internal static class S3Xml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>The largest request document read by default (notification and bucket configurations
    /// are a few KiB); DeleteObjects and CompleteMultipartUpload pass their own, larger bounds.</summary>
    public const int DefaultMaxRequestBytes = 1024 * 1024;

    /// <summary>No S3 request document nests deeper than a handful of levels; refusing deep documents
    /// keeps recursive tree walks (XElement.Value) far from the stack's limit.</summary>
    private const int MaxDepth = 32;

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = false,
        Async = false,
        OmitXmlDeclaration = true,
        // Keys may hold control characters XML 1.0 cannot carry; S3 writes them as character
        // references (&#x1;) rather than failing the listing, and so do we.
        CheckCharacters = false,
    };

    // XmlWriter spells the encoding "utf-8"; S3 (and some strict parsers' tests) say "UTF-8".
    private static readonly byte[] Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"u8.ToArray();

    public static byte[] Render(string root, Action<XmlWriter> body, bool withNamespace = true)
    {
        using var buffer = new MemoryStream();
        buffer.Write(Declaration);
        using (var writer = XmlWriter.Create(buffer, Settings))
        {
            if (withNamespace)
                writer.WriteStartElement(root, Namespace);
            else
                writer.WriteStartElement(root);
            body(writer);
            writer.WriteEndElement();
        }

        return buffer.ToArray();
    }

    public static async Task WriteAsync(HttpResponse response, int status, byte[] xml, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "application/xml";
        response.ContentLength = xml.Length;
        await response.Body.WriteAsync(xml, cancellationToken).ConfigureAwait(false);
    }

    public static Task WriteAsync(HttpResponse response, string root, Action<XmlWriter> body, CancellationToken cancellationToken) =>
        WriteAsync(response, 200, Render(root, body), cancellationToken);

    public static void Element(this XmlWriter writer, string name, string? value)
    {
        if (value is not null)
            writer.WriteElementString(name, value);
    }

    public static void Element(this XmlWriter writer, string name, long value) =>
        writer.WriteElementString(name, value.ToString(CultureInfo.InvariantCulture));

    public static void Element(this XmlWriter writer, string name, bool value) =>
        writer.WriteElementString(name, value ? "true" : "false");

    public static void Element(this XmlWriter writer, string name, DateTimeOffset value) =>
        writer.WriteElementString(name, IsoDate(value));

    public static string IsoDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string QuotedETag(string etag) => "\"" + etag + "\"";

    public static void Owner(this XmlWriter writer, StorageOptions options, string element = "Owner")
    {
        writer.WriteStartElement(element);
        writer.Element("ID", options.OwnerId);
        writer.Element("DisplayName", options.OwnerDisplayName);
        writer.WriteEndElement();
    }

    /// <summary>Reads a small XML request body. A body over <paramref name="maxBytes"/> is
    /// MaxMessageLengthExceeded (read no further); anything that is not well-formed XML, nests deeper
    /// than any S3 document, or has a DTD is MalformedXML.</summary>
    public static async Task<XElement> ReadAsync(Stream body, CancellationToken cancellationToken, int maxBytes = DefaultMaxRequestBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                throw StorageErrors.MaxMessageLengthExceeded();
            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.GetBuffer(), (int)buffer.Length);
    }

    public static XElement Parse(byte[] xml, int length)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        try
        {
            // First pass: depth only, so the tree is never built for a hostile document.
            using (var scan = XmlReader.Create(new MemoryStream(xml, 0, length, writable: false), settings))
            {
                while (scan.Read())
                {
                    if (scan.Depth > MaxDepth)
                        throw StorageErrors.MalformedXml();
                }
            }

            using var reader = XmlReader.Create(new MemoryStream(xml, 0, length, writable: false), settings);
            return XDocument.Load(reader).Root ?? throw StorageErrors.MalformedXml();
        }
        catch (XmlException)
        {
            throw StorageErrors.MalformedXml();
        }
    }

    public static IEnumerable<XElement> Children(this XElement element, string localName) =>
        element.Elements().Where(e => e.Name.LocalName == localName);

    public static string? ChildValue(this XElement element, string localName) =>
        element.Children(localName).FirstOrDefault()?.Value;
}
