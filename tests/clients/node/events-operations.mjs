// EventBridge (AWS JSON 1.1) and EventBridge Scheduler (REST-JSON) through the AWS SDK for
// JavaScript v3: every operation, printing one line per error so the test compares codes and statuses.
// Usage: ENDPOINT=http://127.0.0.1:4566 PREFIX=name QUEUE_ARN=arn node events-operations.mjs
import * as eb from "@aws-sdk/client-eventbridge";
import * as sc from "@aws-sdk/client-scheduler";
import assert from "node:assert/strict";

const config = { endpoint: process.env.ENDPOINT, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } };
const events = new eb.EventBridgeClient(config);
const scheduler = new sc.SchedulerClient(config);
const p = process.env.PREFIX;
const queueArn = process.env.QUEUE_ARN;
const errorOf = async (promise) => {
  try { await promise; } catch (e) { return `${e.name} ${e.$metadata?.httpStatusCode}`; }
  throw new Error("expected an error");
};
const out = [];

// Buses
const { EventBusArn } = await events.send(new eb.CreateEventBusCommand({ Name: `${p}-bus`, Tags: [{ Key: "t", Value: "v" }] }));
assert.equal(EventBusArn, `arn:aws:events:us-east-1:000000000000:event-bus/${p}-bus`);
assert.equal((await events.send(new eb.DescribeEventBusCommand({ Name: `${p}-bus` }))).Arn, EventBusArn);
assert.ok((await events.send(new eb.ListEventBusesCommand({ NamePrefix: p }))).EventBuses.some((b) => b.Name === `${p}-bus`));
out.push(await errorOf(events.send(new eb.CreateEventBusCommand({ Name: `${p}-bus` }))));

// Rules and targets
const { RuleArn } = await events.send(new eb.PutRuleCommand({ Name: `${p}-rule`, EventBusName: `${p}-bus`,
  EventPattern: JSON.stringify({ source: ["js.app"], detail: { n: [{ numeric: [">=", 2] }] } }) }));
assert.equal(RuleArn, `arn:aws:events:us-east-1:000000000000:rule/${p}-bus/${p}-rule`);
await events.send(new eb.DisableRuleCommand({ Name: `${p}-rule`, EventBusName: `${p}-bus` }));
await events.send(new eb.EnableRuleCommand({ Name: `${p}-rule`, EventBusName: `${p}-bus` }));
const rule = await events.send(new eb.DescribeRuleCommand({ Name: `${p}-rule`, EventBusName: `${p}-bus` }));
assert.equal(rule.State, "ENABLED");
assert.deepEqual((await events.send(new eb.ListRulesCommand({ EventBusName: `${p}-bus` }))).Rules.map((r) => r.Name), [`${p}-rule`]);
const put = await events.send(new eb.PutTargetsCommand({ Rule: `${p}-rule`, EventBusName: `${p}-bus`,
  Targets: [{ Id: "q", Arn: queueArn, InputPath: "$.detail" }] }));
assert.equal(put.FailedEntryCount, 0);
assert.deepEqual((await events.send(new eb.ListTargetsByRuleCommand({ Rule: `${p}-rule`, EventBusName: `${p}-bus` }))).Targets,
  [{ Id: "q", Arn: queueArn, InputPath: "$.detail" }]);
out.push(await errorOf(events.send(new eb.DeleteRuleCommand({ Name: `${p}-rule`, EventBusName: `${p}-bus` }))));
out.push(await errorOf(events.send(new eb.PutRuleCommand({ Name: `${p}-bad`, EventPattern: "{\"source\":\"x\"}" }))));

// Events
const result = await events.send(new eb.PutEventsCommand({ Entries: [
  { Source: "js.app", DetailType: "t", Detail: JSON.stringify({ n: 3 }), EventBusName: `${p}-bus`, Time: new Date() },
  { Source: "js.app", DetailType: "t", Detail: JSON.stringify({ n: 1 }), EventBusName: `${p}-bus` },
  { Source: "js.app", DetailType: "t", EventBusName: `${p}-bus` },
] }));
out.push(`PutEvents failed=${result.FailedEntryCount} ${result.Entries[2].ErrorCode}`);
const matched = await events.send(new eb.TestEventPatternCommand({ EventPattern: "{\"detail\":{\"n\":[3]}}",
  Event: JSON.stringify({ id: "1", account: "000000000000", source: "js.app", time: "2026-01-01T00:00:00Z", region: "us-east-1", "detail-type": "t", resources: [], detail: { n: 3 } }) }));
out.push(`TestEventPattern ${matched.Result}`);

// Tags
await events.send(new eb.TagResourceCommand({ ResourceARN: RuleArn, Tags: [{ Key: "a", Value: "b" }] }));
assert.deepEqual((await events.send(new eb.ListTagsForResourceCommand({ ResourceARN: RuleArn }))).Tags, [{ Key: "a", Value: "b" }]);
await events.send(new eb.UntagResourceCommand({ ResourceARN: RuleArn, TagKeys: ["a"] }));
await events.send(new eb.RemoveTargetsCommand({ Rule: `${p}-rule`, EventBusName: `${p}-bus`, Ids: ["q"] }));
await events.send(new eb.DeleteRuleCommand({ Name: `${p}-rule`, EventBusName: `${p}-bus` }));
await events.send(new eb.DeleteEventBusCommand({ Name: `${p}-bus` }));
out.push(await errorOf(events.send(new eb.DescribeEventBusCommand({ Name: `${p}-bus` }))));

// Scheduler
const { ScheduleGroupArn } = await scheduler.send(new sc.CreateScheduleGroupCommand({ Name: `${p}-g` }));
assert.equal(ScheduleGroupArn, `arn:aws:scheduler:us-east-1:000000000000:schedule-group/${p}-g`);
const target = { Arn: queueArn, RoleArn: "arn:aws:iam::000000000000:role/r", Input: "{\"from\":\"scheduler\"}",
  DeadLetterConfig: { Arn: queueArn }, RetryPolicy: { MaximumRetryAttempts: 1 } };
const { ScheduleArn } = await scheduler.send(new sc.CreateScheduleCommand({ Name: "s", GroupName: `${p}-g`,
  ScheduleExpression: "rate(1 minute)", FlexibleTimeWindow: { Mode: "OFF" }, Target: target, ActionAfterCompletion: "NONE" }));
assert.equal(ScheduleArn, `arn:aws:scheduler:us-east-1:000000000000:schedule/${p}-g/s`);
const got = await scheduler.send(new sc.GetScheduleCommand({ Name: "s", GroupName: `${p}-g` }));
assert.equal(got.ScheduleExpression, "rate(1 minute)");
assert.equal(got.Target.DeadLetterConfig.Arn, queueArn);
assert.ok(got.CreationDate instanceof Date);
await scheduler.send(new sc.UpdateScheduleCommand({ Name: "s", GroupName: `${p}-g`, ScheduleExpression: "cron(0 12 * * ? *)",
  ScheduleExpressionTimezone: "Europe/Berlin", FlexibleTimeWindow: { Mode: "OFF" }, Target: target }));
assert.equal((await scheduler.send(new sc.ListSchedulesCommand({ GroupName: `${p}-g` }))).Schedules[0].Name, "s");
assert.ok((await scheduler.send(new sc.ListScheduleGroupsCommand({ NamePrefix: p }))).ScheduleGroups.some((g) => g.Name === `${p}-g`));
out.push(await errorOf(scheduler.send(new sc.CreateScheduleCommand({ Name: "s", GroupName: `${p}-g`,
  ScheduleExpression: "rate(1 minute)", FlexibleTimeWindow: { Mode: "OFF" }, Target: target }))));
out.push(await errorOf(scheduler.send(new sc.CreateScheduleCommand({ Name: "t", GroupName: `${p}-g`,
  ScheduleExpression: "cron(0 12 L * MON *)", FlexibleTimeWindow: { Mode: "OFF" }, Target: target }))));
await scheduler.send(new sc.DeleteScheduleCommand({ Name: "s", GroupName: `${p}-g` }));
out.push(await errorOf(scheduler.send(new sc.GetScheduleCommand({ Name: "s", GroupName: `${p}-g` }))));
await scheduler.send(new sc.DeleteScheduleGroupCommand({ Name: `${p}-g` }));

console.log(out.join("\n"));
