using System.Xml.Linq;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>Get/PutBucketNotificationConfiguration. botocore serializes a Lambda destination as
/// <c>CloudFunction</c> inside <c>CloudFunctionConfiguration</c>; the REST docs say
/// <c>LambdaFunctionArn</c>. Both are read; replies use botocore's names so every client parses them.</summary>
internal sealed class NotificationOperations(StorageEngine engine)
{
    public Task GetAsync(S3Call call)
    {
        var configuration = engine.GetNotificationConfiguration(call.Bucket);
        return S3Xml.WriteAsync(call.Response, "NotificationConfiguration", w =>
        {
            foreach (var entry in configuration.LambdaFunctionConfigurations)
            {
                w.WriteStartElement("CloudFunctionConfiguration");
                w.Element("Id", entry.Id);
                w.Element("CloudFunction", entry.FunctionArn);
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
        }, call.Aborted);

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
        await engine.PutNotificationConfigurationAsync(call.Bucket, configuration, call.Aborted).ConfigureAwait(false);
        call.Response.StatusCode = 200;
    }

    public static NotificationConfiguration Parse(XElement root)
    {
        if (root.Name.LocalName != "NotificationConfiguration")
            throw StorageErrors.MalformedXml();
        var entries = new List<LambdaFunctionConfiguration>();
        foreach (var element in root.Elements())
        {
            switch (element.Name.LocalName)
            {
                case "CloudFunctionConfiguration" or "LambdaFunctionConfiguration":
                    entries.Add(ParseLambda(element));
                    break;
                case "QueueConfiguration" or "TopicConfiguration":
                    var arn = element.ChildValue("Queue") ?? element.ChildValue("Topic") ?? "";
                    throw new StorageException("InvalidArgument", "Unable to validate the following destination configurations", 400,
                        new Dictionary<string, string>
                        {
                            ["ArgumentName1"] = arn,
                            ["ArgumentValue1"] = "Only Lambda function destinations are supported by this emulator",
                        });
                case "EventBridgeConfiguration":
                    break;
                default:
                    throw StorageErrors.MalformedXml();
            }
        }

        return new NotificationConfiguration(entries);
    }

    private static LambdaFunctionConfiguration ParseLambda(XElement element)
    {
        var arn = element.ChildValue("CloudFunction") ?? element.ChildValue("LambdaFunctionArn") ?? throw StorageErrors.MalformedXml();
        var events = element.Children("Event").Select(e => e.Value.Trim()).ToList();
        var rules = element.Children("Filter").SelectMany(f => f.Children("S3Key")).SelectMany(k => k.Children("FilterRule"))
            .Select(r => (r.ChildValue("Name") ?? throw StorageErrors.MalformedXml(), r.ChildValue("Value") ?? ""));
        var (prefix, suffix) = NotificationValidator.ParseFilterRules(rules);
        return new LambdaFunctionConfiguration
        {
            Id = element.ChildValue("Id") ?? "",
            FunctionArn = arn.Trim(),
            Events = events,
            Prefix = prefix,
            Suffix = suffix,
        };
    }
}
