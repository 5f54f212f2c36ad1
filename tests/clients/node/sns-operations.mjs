// Every SNS operation through the AWS SDK for JavaScript v3 (@aws-sdk/client-sns, query protocol),
// and a publish delivered to an SQS subscription read back with @aws-sdk/client-sqs.
// Usage: ENDPOINT=http://127.0.0.1:4566 PREFIX=name node sns-operations.mjs
import * as sns from "@aws-sdk/client-sns";
import * as sqs from "@aws-sdk/client-sqs";
import assert from "node:assert/strict";

const config = { endpoint: process.env.ENDPOINT, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } };
const client = new sns.SNSClient(config);
const queues = new sqs.SQSClient(config);
const send = (Command, input) => client.send(new Command(input));
const p = process.env.PREFIX;
const errorOf = async (promise) => {
  try { await promise; } catch (e) { return `${e.name} ${e.$metadata?.httpStatusCode}`; }
  throw new Error("expected an error");
};
const out = [];

const { TopicArn: topic } = await send(sns.CreateTopicCommand, { Name: p, Attributes: { DisplayName: "js" }, Tags: [{ Key: "team", Value: "js" }] });
assert.equal(topic, `arn:aws:sns:us-east-1:000000000000:${p}`);
assert.ok((await send(sns.ListTopicsCommand, {})).Topics.some((t) => t.TopicArn === topic));
await send(sns.SetTopicAttributesCommand, { TopicArn: topic, AttributeName: "DisplayName", AttributeValue: "renamed" });
assert.equal((await send(sns.GetTopicAttributesCommand, { TopicArn: topic })).Attributes.DisplayName, "renamed");
await send(sns.TagResourceCommand, { ResourceArn: topic, Tags: [{ Key: "env", Value: "test" }] });
await send(sns.UntagResourceCommand, { ResourceArn: topic, TagKeys: ["team"] });
assert.deepEqual((await send(sns.ListTagsForResourceCommand, { ResourceArn: topic })).Tags, [{ Key: "env", Value: "test" }]);

const { QueueUrl: url } = await queues.send(new sqs.CreateQueueCommand({ QueueName: `${p}-q` }));
const { SubscriptionArn: sub } = await send(sns.SubscribeCommand, {
  TopicArn: topic, Protocol: "sqs", Endpoint: `arn:aws:sqs:us-east-1:000000000000:${p}-q`, Attributes: { RawMessageDelivery: "true" }, ReturnSubscriptionArn: true,
});
await send(sns.SetSubscriptionAttributesCommand, { SubscriptionArn: sub, AttributeName: "FilterPolicy", AttributeValue: '{"kind":["keep"]}' });
const subAttributes = (await send(sns.GetSubscriptionAttributesCommand, { SubscriptionArn: sub })).Attributes;
assert.equal(subAttributes.RawMessageDelivery, "true");
assert.equal(subAttributes.FilterPolicy, '{"kind":["keep"]}');
assert.equal((await send(sns.ListSubscriptionsByTopicCommand, { TopicArn: topic })).Subscriptions[0].SubscriptionArn, sub);
assert.ok((await send(sns.ListSubscriptionsCommand, {})).Subscriptions.some((s) => s.SubscriptionArn === sub));

await send(sns.PublishCommand, { TopicArn: topic, Message: "dropped", MessageAttributes: { kind: { DataType: "String", StringValue: "drop" } } });
const { MessageId } = await send(sns.PublishCommand, { TopicArn: topic, Message: "kept", MessageAttributes: { kind: { DataType: "String", StringValue: "keep" } } });
assert.match(MessageId, /^[0-9a-f-]{36}$/);
const batch = await send(sns.PublishBatchCommand, { TopicArn: topic, PublishBatchRequestEntries: [
  { Id: "a", Message: "batch kept", MessageAttributes: { kind: { DataType: "String", StringValue: "keep" } } },
  { Id: "b", Message: "" },
] });
out.push(`batch ${batch.Successful.map((s) => s.Id)} failed ${batch.Failed.map((f) => `${f.Id}:${f.Code}`)}`);

const bodies = [];
while (bodies.length < 2) {
  const { Messages = [] } = await queues.send(new sqs.ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5, MaxNumberOfMessages: 10, MessageAttributeNames: ["All"] }));
  for (const m of Messages) bodies.push(`${m.Body}:${m.MessageAttributes.kind.StringValue}`);
}
out.push(bodies.sort().join(","));

out.push(await errorOf(send(sns.GetTopicAttributesCommand, { TopicArn: `${topic}-none` })));
out.push(await errorOf(send(sns.CreateTopicCommand, { Name: "bad name" })));
out.push(await errorOf(send(sns.PublishBatchCommand, { TopicArn: topic, PublishBatchRequestEntries: [{ Id: "x", Message: "1" }, { Id: "x", Message: "2" }] })));
await send(sns.UnsubscribeCommand, { SubscriptionArn: sub });
await send(sns.DeleteTopicCommand, { TopicArn: topic });
out.push(await errorOf(send(sns.PublishCommand, { TopicArn: topic, Message: "gone" })));
console.log(out.join("\n"));
