using Platform.Emulators.Queues.Api.Query;

namespace Platform.Emulators.Topics.Api;

/// <summary>SNS's query-protocol reply: <c>&lt;{Action}Response xmlns=…&gt;&lt;{Action}Result&gt;…</c>
/// then ResponseMetadata; maps as entry/key/value, lists as member.</summary>
internal sealed class SnsResponseWriter(SqsXmlWriter xml)
{
    public void Write(string action, string requestId, Action<SqsXmlWriter>? result)
    {
        xml.Raw("<?xml version=\"1.0\"?><"u8);
        xml.Name(action);
        xml.Raw("Response xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"u8);
        xml.Open(action + "Result");
        result?.Invoke(xml);
        xml.Close(action + "Result");
        xml.Open("ResponseMetadata");
        xml.Element("RequestId", requestId);
        xml.Close("ResponseMetadata");
        xml.Close(action + "Response");
    }

    public static void Map(SqsXmlWriter xml, string name, IReadOnlyDictionary<string, string> map)
    {
        xml.Open(name);
        foreach (var (key, value) in map)
        {
            xml.Open("entry");
            xml.Element("key", key);
            xml.Element("value", value);
            xml.Close("entry");
        }
        xml.Close(name);
    }
}
