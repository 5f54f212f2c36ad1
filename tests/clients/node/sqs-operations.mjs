// Every SQS operation through the AWS SDK for JavaScript v3, which speaks SQS's JSON protocol
// (X-Amz-Target: AmazonSQS.*) and verifies the body MD5s of sends and receives.
// Usage: ENDPOINT=http://127.0.0.1:4566 PREFIX=name node sqs-operations.mjs
import * as sqs from "@aws-sdk/client-sqs";
import assert from "node:assert/strict";

const client = new sqs.SQSClient({
  endpoint: process.env.ENDPOINT, region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const send = (Command, input) => client.send(new Command(input));
const p = process.env.PREFIX;
const errorOf = async (promise) => {
  try { await promise; } catch (e) { return `${e.name} ${e.Code ?? ""} ${e.$metadata?.httpStatusCode}`.replace("  ", " "); }
  throw new Error("expected an error");
};
const out = [];

// Queues
const { QueueUrl: url } = await send(sqs.CreateQueueCommand, { QueueName: `${p}-q`, Attributes: { VisibilityTimeout: "20" }, tags: { team: "js" } });
assert.equal((await send(sqs.GetQueueUrlCommand, { QueueName: `${p}-q` })).QueueUrl, url);
assert.deepEqual((await send(sqs.ListQueuesCommand, { QueueNamePrefix: p })).QueueUrls, [url]);
await send(sqs.SetQueueAttributesCommand, { QueueUrl: url, Attributes: { DelaySeconds: "0", MaximumMessageSize: "1024" } });
const attributes = (await send(sqs.GetQueueAttributesCommand, { QueueUrl: url, AttributeNames: ["All"] })).Attributes;
assert.equal(attributes.VisibilityTimeout, "20");
assert.equal(attributes.MaximumMessageSize, "1024");
await send(sqs.TagQueueCommand, { QueueUrl: url, Tags: { more: "tags" } });
await send(sqs.UntagQueueCommand, { QueueUrl: url, TagKeys: ["team"] });
assert.deepEqual((await send(sqs.ListQueueTagsCommand, { QueueUrl: url })).Tags, { more: "tags" });
out.push(await errorOf(send(sqs.CreateQueueCommand, { QueueName: `${p}-q`, Attributes: { VisibilityTimeout: "21" } })));

// Messages
const sent = await send(sqs.SendMessageCommand, {
  QueueUrl: url, MessageBody: "héllo json",
  MessageAttributes: { s: { DataType: "String", StringValue: "v" }, b: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) } },
});
assert.match(sent.MD5OfMessageAttributes, /^[0-9a-f]{32}$/);
const batch = await send(sqs.SendMessageBatchCommand, { QueueUrl: url, Entries: [{ Id: "1", MessageBody: "b1" }, { Id: "2", MessageBody: "b2" }] });
assert.equal(batch.Successful.length, 2);
const received = (await send(sqs.ReceiveMessageCommand, {
  QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["ApproximateReceiveCount"],
})).Messages;
assert.equal(received.length, 3);
const first = received.find((m) => m.MessageId === sent.MessageId);
assert.deepEqual([...first.MessageAttributes.b.BinaryValue], [1, 2, 3]);
assert.equal(first.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
assert.deepEqual(first.Attributes, { ApproximateReceiveCount: "1" });
await send(sqs.ChangeMessageVisibilityCommand, { QueueUrl: url, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 60 });
await send(sqs.DeleteMessageCommand, { QueueUrl: url, ReceiptHandle: first.ReceiptHandle });
const others = received.filter((m) => m !== first).map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle }));
const changed = await send(sqs.ChangeMessageVisibilityBatchCommand, { QueueUrl: url, Entries: others.map((e) => ({ ...e, VisibilityTimeout: 30 })) });
assert.equal(changed.Successful.length, 2);
const deleted = await send(sqs.DeleteMessageBatchCommand, { QueueUrl: url, Entries: [...others, { Id: "stale", ReceiptHandle: first.ReceiptHandle }] });
assert.equal(deleted.Successful.length, 3); // deleting an already deleted message's handle succeeds, as in SQS
out.push(await errorOf(send(sqs.SendMessageCommand, { QueueUrl: url, MessageBody: "x".repeat(1025) })));
out.push(await errorOf(send(sqs.DeleteMessageCommand, { QueueUrl: url, ReceiptHandle: "forged" })));
out.push(await errorOf(send(sqs.SendMessageBatchCommand, { QueueUrl: url, Entries: [] })));
await send(sqs.PurgeQueueCommand, { QueueUrl: url });

// Dead-letter queue redrive back to its source with a message move task.
const { QueueUrl: dlq } = await send(sqs.CreateQueueCommand, { QueueName: `${p}-dlq` });
const dlqArn = (await send(sqs.GetQueueAttributesCommand, { QueueUrl: dlq, AttributeNames: ["QueueArn"] })).Attributes.QueueArn;
const { QueueUrl: source } = await send(sqs.CreateQueueCommand, {
  QueueName: `${p}-src`, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) },
});
assert.deepEqual((await send(sqs.ListDeadLetterSourceQueuesCommand, { QueueUrl: dlq })).queueUrls, [source]);
for (let i = 0; i < 5; i++) await send(sqs.SendMessageCommand, { QueueUrl: source, MessageBody: `poison ${i}` });
await send(sqs.ReceiveMessageCommand, { QueueUrl: source, MaxNumberOfMessages: 10, VisibilityTimeout: 0 });
assert.equal((await send(sqs.ReceiveMessageCommand, { QueueUrl: source, MaxNumberOfMessages: 10 })).Messages, undefined);
assert.equal((await send(sqs.GetQueueAttributesCommand, { QueueUrl: dlq, AttributeNames: ["ApproximateNumberOfMessages"] })).Attributes.ApproximateNumberOfMessages, "5");
const { TaskHandle } = await send(sqs.StartMessageMoveTaskCommand, { SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 50 });
assert.ok(TaskHandle);
let task;
for (let i = 0; i < 200; i++) {
  [task] = (await send(sqs.ListMessageMoveTasksCommand, { SourceArn: dlqArn, MaxResults: 10 })).Results;
  if (task.Status !== "RUNNING") break;
  await new Promise((r) => setTimeout(r, 50));
}
out.push(`${task.Status} moved=${task.ApproximateNumberOfMessagesMoved} of=${task.ApproximateNumberOfMessagesToMove} rate=${task.MaxNumberOfMessagesPerSecond}`);
const back = (await send(sqs.ReceiveMessageCommand, { QueueUrl: source, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 })).Messages;
out.push(back.map((m) => m.Body).sort().join(","));
out.push(await errorOf(send(sqs.CancelMessageMoveTaskCommand, { TaskHandle })));
out.push(await errorOf(send(sqs.StartMessageMoveTaskCommand, { SourceArn: `${dlqArn}-missing` })));

await send(sqs.DeleteQueueCommand, { QueueUrl: url });
out.push(await errorOf(send(sqs.GetQueueUrlCommand, { QueueName: `${p}-q` })));
console.log(out.join("\n"));
