using System.Xml.Linq;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>Get/PutBucketNotificationConfiguration with every destination S3 has: TopicConfiguration
/// (<c>Topic</c>), QueueConfiguration (<c>Queue</c>), CloudFunctionConfiguration and
/// EventBridgeConfiguration. botocore serializes a Lambda destination as <c>CloudFunction</c> inside
/// <c>CloudFunctionConfiguration</c>; the REST docs say <c>LambdaFunctionArn</c>. Both are read;
/// replies use botocore's names so every client parses them.</summary>
internal sealed class NotificationOperations(StorageEngine engine)
{
    public Task GetAsync(S3Call call)
    {
        var configuration = engine.GetNotificationConfiguration(call.Bucket);
        // S3's member order: topics, queues, functions, EventBridge.
        return S3Xml.WriteAsync(call.Response, "NotificationConfiguration", w =>
        {
            foreach (var entry in configuration.TopicConfigurations)
                Entry(w, "TopicConfiguration", "Topic", entry);
            foreach (var entry in configuration.QueueConfigurations)
                Entry(w, "QueueConfiguration", "Queue", entry);
            foreach (var entry in configuration.LambdaFunctionConfigurations)
                Entry(w, "CloudFunctionConfiguration", "CloudFunction", entry);
            if (configuration.EventBridge is not null)
            {
                w.WriteStartElement("EventBridgeConfiguration");
                w.WriteEndElement();
            }
        }, call.Aborted);

        static void Entry(System.Xml.XmlWriter w, string element, string destination, NotificationEntry entry)
        {
            w.WriteStartElement(element);
            w.Element("Id", entry.Id);
            w.Element(destination, entry.DestinationArn);
            foreach (var e in entry.Events)
                w.Element("Event", e);
            if (entry.Prefix is not null || entry.Suffix is not null)
            {
                w.WriteStartElement("Filter");
                w.WriteStartElement("S3Key");
                Rule(w, "prefix", entry.Prefix);
                Rule(w, "suffix", entry.Suffix);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        static void Rule(System.Xml.XmlWriter w, string name, string? value)
        {
            if (value is null)
                return;
            w.WriteStartElement("FilterRule");
            w.Element("Name", name);
            w.Element("Value", value);
            w.WriteEndElement();
        }
    }

    public async Task PutAsync(S3Call call)
    {
        var root = await S3Xml.ReadAsync(S3Headers.Body(call.Request), call.Aborted).ConfigureAwait(false);
        var configuration = Parse(root);
        await engine.PutNotificationConfigurationAsync(call.Bucket, configuration, call.Aborted, call.Origin).ConfigureAwait(false);
        call.Response.StatusCode = 200;
    }

    public static NotificationConfiguration Parse(XElement root)
    {
        if (root.Name.LocalName != "NotificationConfiguration")
            throw StorageErrors.MalformedXml();
        var lambdas = new List<LambdaFunctionConfiguration>();
        var queues = new List<QueueConfiguration>();
        var topics = new List<TopicConfiguration>();
        EventBridgeConfiguration? eventBridge = null;
        foreach (var element in root.Elements())
        {
            switch (element.Name.LocalName)
            {
                case "CloudFunctionConfiguration" or "LambdaFunctionConfiguration":
                    var function = element.ChildValue("CloudFunction") ?? element.ChildValue("LambdaFunctionArn") ?? throw StorageErrors.MalformedXml();
                    lambdas.Add(ParseSelection(element, new LambdaFunctionConfiguration { Id = "", Events = [], FunctionArn = function.Trim() }));
                    break;
                case "QueueConfiguration":
                    var queue = element.ChildValue("Queue") ?? throw StorageErrors.MalformedXml();
                    queues.Add(ParseSelection(element, new QueueConfiguration { Id = "", Events = [], QueueArn = queue.Trim() }));
                    break;
                case "TopicConfiguration":
                    var topic = element.ChildValue("Topic") ?? throw StorageErrors.MalformedXml();
                    topics.Add(ParseSelection(element, new TopicConfiguration { Id = "", Events = [], TopicArn = topic.Trim() }));
                    break;
                case "EventBridgeConfiguration":
                    eventBridge = new EventBridgeConfiguration();
                    break;
                default:
                    throw StorageErrors.MalformedXml();
            }
        }

        return new NotificationConfiguration(lambdas)
        {
            QueueConfigurations = queues,
            TopicConfigurations = topics,
            EventBridge = eventBridge,
        };
    }

    /// <summary>What every kind of entry carries besides its destination: Id, Event*, Filter/S3Key/FilterRule*.</summary>
    private static T ParseSelection<T>(XElement element, T destination) where T : NotificationEntry
    {
        var events = element.Children("Event").Select(e => e.Value.Trim()).ToList();
        var rules = element.Children("Filter").SelectMany(f => f.Children("S3Key")).SelectMany(k => k.Children("FilterRule"))
            .Select(r => (r.ChildValue("Name") ?? throw StorageErrors.MalformedXml(), r.ChildValue("Value") ?? ""));
        var (prefix, suffix) = NotificationValidator.ParseFilterRules(rules);
        return (T)((NotificationEntry)destination with
        {
            Id = element.ChildValue("Id") ?? "",
            Events = events,
            Prefix = prefix,
            Suffix = suffix,
        });
    }
}
