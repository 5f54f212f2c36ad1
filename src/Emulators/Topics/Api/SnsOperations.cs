using Platform.Emulators.Queues.Api.Query;
using Platform.Emulators.Topics.Engine;

namespace Platform.Emulators.Topics.Api;

/// <summary>Runs one SNS action against the engine and writes its reply.</summary>
internal sealed class SnsOperations(TopicEngine engine)
{
    /// <summary>Reads still run on a full disk; so do deletes, which is how space is freed.</summary>
    public static bool MayRunWhenDiskFull(string action) =>
        action.StartsWith("Get", StringComparison.Ordinal) || action.StartsWith("List", StringComparison.Ordinal)
        || action is "DeleteTopic" or "Unsubscribe" or "UntagResource";

    public async Task<Action<SqsXmlWriter>?> RunAsync(string action, QueryForm form, CancellationToken ct)
    {
        switch (action)
        {
            case "CreateTopic":
            {
                var arn = await engine.CreateTopicAsync(form["Name"], SnsRequestReader.Attributes(form), SnsRequestReader.Tags(form), ct).ConfigureAwait(false);
                return xml => xml.Element("TopicArn", arn);
            }
            case "DeleteTopic":
                await engine.DeleteTopicAsync(form["TopicArn"], ct).ConfigureAwait(false);
                return null;
            case "ListTopics":
            {
                var (arns, next) = engine.ListTopics(form["NextToken"]);
                return xml =>
                {
                    xml.Open("Topics");
                    foreach (var arn in arns)
                    {
                        xml.Open("member");
                        xml.Element("TopicArn", arn);
                        xml.Close("member");
                    }
                    xml.Close("Topics");
                    xml.Element("NextToken", next);
                };
            }
            case "GetTopicAttributes":
            {
                var attributes = engine.GetTopicAttributes(form["TopicArn"]);
                return xml => SnsResponseWriter.Map(xml, "Attributes", attributes);
            }
            case "SetTopicAttributes":
                await engine.SetTopicAttributeAsync(form["TopicArn"], form["AttributeName"], form["AttributeValue"], ct).ConfigureAwait(false);
                return null;
            case "Subscribe":
            {
                var arn = await engine.SubscribeAsync(form["TopicArn"], form["Protocol"], form["Endpoint"], SnsRequestReader.Attributes(form),
                    string.Equals(form["ReturnSubscriptionArn"], "true", StringComparison.OrdinalIgnoreCase), ct).ConfigureAwait(false);
                return xml => xml.Element("SubscriptionArn", arn);
            }
            case "ConfirmSubscription":
            {
                var arn = await engine.ConfirmSubscriptionAsync(form["TopicArn"], form["Token"], ct).ConfigureAwait(false);
                return xml => xml.Element("SubscriptionArn", arn);
            }
            case "Unsubscribe":
                await engine.UnsubscribeAsync(form["SubscriptionArn"], ct).ConfigureAwait(false);
                return null;
            case "ListSubscriptions":
            case "ListSubscriptionsByTopic":
            {
                if (action == "ListSubscriptionsByTopic" && string.IsNullOrEmpty(form["TopicArn"]))
                    throw TopicErrors.MissingParameter("TopicArn");
                var (subscriptions, next) = engine.ListSubscriptions(action == "ListSubscriptions" ? null : form["TopicArn"], form["NextToken"]);
                return xml =>
                {
                    xml.Open("Subscriptions");
                    foreach (var s in subscriptions)
                    {
                        xml.Open("member");
                        xml.Element("TopicArn", s.TopicArn);
                        xml.Element("Protocol", s.Protocol);
                        xml.Element("SubscriptionArn", s.Confirmed ? s.Arn : "PendingConfirmation");
                        xml.Element("Owner", s.Owner);
                        xml.Element("Endpoint", s.Endpoint);
                        xml.Close("member");
                    }
                    xml.Close("Subscriptions");
                    xml.Element("NextToken", next);
                };
            }
            case "GetSubscriptionAttributes":
            {
                var attributes = engine.GetSubscriptionAttributes(form["SubscriptionArn"]);
                return xml => SnsResponseWriter.Map(xml, "Attributes", attributes);
            }
            case "SetSubscriptionAttributes":
                await engine.SetSubscriptionAttributeAsync(form["SubscriptionArn"], form["AttributeName"], form["AttributeValue"], ct).ConfigureAwait(false);
                return null;
            case "Publish":
            {
                if (form["TopicArn"] is null && form["TargetArn"] is null && form["PhoneNumber"] is not null)
                    throw TopicErrors.InvalidParameter("PhoneNumber Reason: SMS is not supported by this platform");
                var result = await engine.PublishAsync(form["TopicArn"] ?? form["TargetArn"], SnsRequestReader.Publish(form), ct).ConfigureAwait(false);
                return xml =>
                {
                    xml.Element("MessageId", result.MessageId);
                    xml.Element("SequenceNumber", result.SequenceNumber);
                };
            }
            case "PublishBatch":
            {
                var (successful, failed) = await engine.PublishBatchAsync(form["TopicArn"], SnsRequestReader.PublishBatch(form), ct).ConfigureAwait(false);
                return xml =>
                {
                    xml.Open("Successful");
                    foreach (var (id, result) in successful)
                    {
                        xml.Open("member");
                        xml.Element("Id", id);
                        xml.Element("MessageId", result.MessageId);
                        xml.Element("SequenceNumber", result.SequenceNumber);
                        xml.Close("member");
                    }
                    xml.Close("Successful");
                    xml.Open("Failed");
                    foreach (var (id, error) in failed)
                    {
                        xml.Open("member");
                        xml.Element("Id", id);
                        xml.Element("Code", error.Code);
                        xml.Element("Message", error.Message);
                        xml.Element("SenderFault", "true");
                        xml.Close("member");
                    }
                    xml.Close("Failed");
                };
            }
            case "TagResource":
                await engine.TagAsync(form["ResourceArn"], SnsRequestReader.Tags(form), ct).ConfigureAwait(false);
                return null;
            case "UntagResource":
                await engine.UntagAsync(form["ResourceArn"], SnsRequestReader.TagKeys(form), ct).ConfigureAwait(false);
                return null;
            case "ListTagsForResource":
            {
                var tags = engine.ListTags(form["ResourceArn"]);
                return xml =>
                {
                    xml.Open("Tags");
                    foreach (var (key, value) in tags)
                    {
                        xml.Open("member");
                        xml.Element("Key", key);
                        xml.Element("Value", value);
                        xml.Close("member");
                    }
                    xml.Close("Tags");
                };
            }
            default:
                throw new TopicException("InvalidAction", $"The action {action} is not valid for this web service.");
        }
    }
}
