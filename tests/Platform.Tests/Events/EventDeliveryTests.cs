using System.Text.Json;
using Platform.Triggers.Sources.Async;

namespace Platform.Tests.Events;

/// <summary>PutEvents → rules → outbox → targets over the real engines: what each target receives,
/// retries on the manual clock, the dead-letter queue, and that the outbox survives a restart.</summary>
public sealed class EventDeliveryTests
{
    private const string Account = "000000000000";

    [Fact]
    public async Task A_matching_event_reaches_an_sqs_target_in_AWS_envelope()
    {
        await using var h = new EventsHarness();
        var queue = await h.CreateQueueAsync("orders");
        await h.PutRuleAsync("r", """{"source":["shop"],"detail":{"total":[{"numeric":[">",100]}]}}""", null,
            $$$"""{"Id":"q","Arn":"{{{queue}}}"}""");

        var results = await h.PutAsync("shop", "Order Placed", """{"total":150,"id":"a"}""");
        await h.PutAsync("shop", "Order Placed", """{"total":50,"id":"b"}""");
        await h.DeliverAsync();

        var body = Assert.Single(await h.BodiesAsync("orders"));
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("0", root.GetProperty("version").GetString());
        Assert.Equal(results[0].EventId, root.GetProperty("id").GetString());
        Assert.Equal("Order Placed", root.GetProperty("detail-type").GetString());
        Assert.Equal(Account, root.GetProperty("account").GetString());
        Assert.Equal("2026-11-22T05:30:28Z", root.GetProperty("time").GetString());
        Assert.Equal("us-east-1", root.GetProperty("region").GetString());
        Assert.Equal("a", root.GetProperty("detail").GetProperty("id").GetString());
        Assert.Equal(0, h.Engine.PendingDeliveries());
    }

    [Fact]
    public async Task Input_InputPath_and_InputTransformer_shape_what_the_target_gets()
    {
        await using var h = new EventsHarness();
        var queue = await h.CreateQueueAsync("shaped");
        await h.PutRuleAsync("r", """{"source":["shop"]}""", null,
            $$$"""{"Id":"constant","Arn":"{{{queue}}}","Input":"{\"fixed\":true}"}""",
            $$$"""{"Id":"path","Arn":"{{{queue}}}","InputPath":"$.detail.customer"}""",
            $$$"""{"Id":"json","Arn":"{{{queue}}}","InputTransformer":{"InputPathsMap":{"id":"$.detail.id","n":"$.detail.n","missing":"$.detail.none"},"InputTemplate":"{\"order\": <id>, \"count\": <n>, \"text\": \"order <id> x<n>\", \"gone\": <missing>, \"rule\": <aws.events.rule-name>}"}}""",
            $$$"""{"Id":"text","Arn":"{{{queue}}}","InputTransformer":{"InputPathsMap":{"id":"$.detail.id"},"InputTemplate":"Order <id> placed"}}""");

        await h.PutAsync("shop", "t", """{"id":"A-1","n":3,"customer":{"name":"Ann"}}""");
        await h.DeliverAsync();

        var bodies = (await h.BodiesAsync("shaped")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                """Order A-1 placed""",
                """{"fixed":true}""",
                """{"name":"Ann"}""",
                """{"order": "A-1", "count": 3, "text": "order A-1 x3", "gone": null, "rule": "r"}""",
            ],
            bodies);
    }

    [Fact]
    public async Task A_lambda_target_is_an_async_invocation_of_the_function()
    {
        await using var h = new EventsHarness("resize");
        await h.PutRuleAsync("r", """{"source":["shop"]}""", null,
            $$$"""{"Id":"f","Arn":"arn:aws:lambda:us-east-1:{{{Account}}}:function:resize"}""");
        var results = await h.PutAsync("shop", "t", """{"k":1}""");
        await h.DeliverAsync();

        var message = Assert.Single(await h.DrainAsync(AsyncInvocationQueue.QueueName("resize")));
        var asyncEvent = AsyncInvocationQueue.ToEvent(message);
        Assert.Equal("events:arn:aws:events:us-east-1:000000000000:rule/r", asyncEvent.Trigger);
        using var json = JsonDocument.Parse(asyncEvent.Payload);
        Assert.Equal(results[0].EventId, json.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_fifo_target_gets_the_message_group_of_its_SqsParameters()
    {
        await using var h = new EventsHarness();
        var queue = await h.CreateQueueAsync("jobs.fifo", new() { ["FifoQueue"] = "true" });
        await h.PutRuleAsync("r", """{"source":["shop"]}""", null,
            $$$"""{"Id":"q","Arn":"{{{queue}}}","SqsParameters":{"MessageGroupId":"g1"}}""");
        await h.PutAsync("shop", "t", """{"k":1}""");
        await h.PutAsync("shop", "t", """{"k":2}""");
        await h.DeliverAsync();

        var messages = await h.DrainAsync("jobs.fifo");
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Equal("g1", m.MessageGroupId));
    }

    [Fact]
    public async Task A_failing_target_is_retried_then_sent_to_its_dead_letter_queue_with_EventBridge_attributes()
    {
        await using var h = new EventsHarness();
        var dlq = await h.CreateQueueAsync("dlq");
        await h.PutRuleAsync("r", """{"source":["shop"]}""", null,
            $$$"""{"Id":"gone","Arn":"arn:aws:lambda:us-east-1:{{{Account}}}:function:missing","RetryPolicy":{"MaximumRetryAttempts":2},"DeadLetterConfig":{"Arn":"{{{dlq}}}"}}""");
        await h.PutAsync("shop", "t", """{"k":1}""");

        await h.DeliverAsync();
        Assert.Empty(await h.BodiesAsync("dlq"));
        Assert.Equal(1, h.Engine.PendingDeliveries());
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.DeliverAsync();
        Assert.Empty(await h.BodiesAsync("dlq"));
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.DeliverAsync();

        var message = Assert.Single(await h.DrainAsync("dlq"));
        Assert.Equal("ResourceNotFoundException", message.MessageAttributes["ERROR_CODE"].StringValue);
        Assert.Equal("MaximumRetryAttemptsExhausted", message.MessageAttributes["EXHAUSTED_RETRY_CONDITION"].StringValue);
        Assert.Equal("2", message.MessageAttributes["RETRY_ATTEMPTS"].StringValue);
        Assert.Equal("arn:aws:events:us-east-1:000000000000:rule/r", message.MessageAttributes["RULE_ARN"].StringValue);
        Assert.Equal(0, h.Engine.PendingDeliveries());
    }

    [Fact]
    public async Task An_event_older_than_MaximumEventAgeInSeconds_is_given_up()
    {
        await using var h = new EventsHarness();
        var dlq = await h.CreateQueueAsync("dlq");
        await h.PutRuleAsync("r", """{"source":["shop"]}""", null,
            $$$"""{"Id":"gone","Arn":"arn:aws:sqs:us-east-1:{{{Account}}}:nope","RetryPolicy":{"MaximumEventAgeInSeconds":60},"DeadLetterConfig":{"Arn":"{{{dlq}}}"}}""");
        await h.PutAsync("shop", "t", """{"k":1}""");
        for (var i = 0; i < 10 && h.Engine.PendingDeliveries() > 0; i++)
        {
            await h.DeliverAsync();
            h.Time.Advance(EventsHarness.Options.RetryMaxDelay);
        }
        var message = Assert.Single(await h.DrainAsync("dlq"));
        Assert.Equal("MaximumEventAgeExceeded", message.MessageAttributes["EXHAUSTED_RETRY_CONDITION"].StringValue);
    }

    [Fact]
    public async Task Accepted_deliveries_survive_a_restart_before_they_are_delivered()
    {
        await using var h = new EventsHarness();
        var queue = await h.CreateQueueAsync("orders");
        await h.PutRuleAsync("r", """{"source":["shop"]}""", null, $$$"""{"Id":"q","Arn":"{{{queue}}}"}""");
        await h.PutAsync("shop", "t", """{"k":1}""");

        await h.ReopenAsync();
        await h.DeliverAsync();
        Assert.Single(await h.BodiesAsync("orders"));
    }

    [Fact]
    public async Task Disabled_rules_and_other_buses_do_not_match()
    {
        await using var h = new EventsHarness();
        var queue = await h.CreateQueueAsync("orders");
        await h.PutRuleAsync("r", """{"source":["shop"]}""", null, $$$"""{"Id":"q","Arn":"{{{queue}}}"}""");
        await h.Engine.CreateEventBusAsync("other", null, new Dictionary<string, string>(), default);
        await h.Engine.SetRuleStateAsync(null, "r", enabled: false, default);
        await h.PutAsync("shop", "t", "{}");
        await h.PutAsync("shop", "t", "{}", bus: "other");
        await h.Engine.SetRuleStateAsync(null, "r", enabled: true, default);
        await h.PutAsync("shop", "t", """{"after":true}""");
        await h.DeliverAsync();
        var body = Assert.Single(await h.BodiesAsync("orders"));
        Assert.Contains("after", body, StringComparison.Ordinal);
    }
}
