using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Events;

/// <summary>EventBridge and EventBridge Scheduler through the real aws CLI v2, end to end to a
/// function and to a queue.</summary>
[Collection(EventsPlatformCollection.Name)]
public sealed class AwsCliEventsTests(EventsPlatformFixture platform)
{
    private async Task<JsonElement> Json(params string[] arguments)
    {
        var output = await platform.Aws.RunOkAsync(arguments);
        return output.Trim().Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
    }

    private async Task<string> ErrorOf(params string[] arguments)
    {
        var result = await platform.Aws.RunAsync(arguments);
        Assert.NotEqual(0, result.ExitCode);
        return result.StandardError;
    }

    [Fact]
    public async Task Buses_rules_targets_and_tags_round_trip()
    {
        var bus = EventsPlatformFixture.UniqueName("bus");
        var busArn = (await Json("events", "create-event-bus", "--name", bus, "--tags", "Key=team,Value=a")).GetProperty("EventBusArn").GetString();
        Assert.Equal($"arn:aws:events:us-east-1:000000000000:event-bus/{bus}", busArn);
        Assert.Equal(bus, (await Json("events", "describe-event-bus", "--name", bus)).GetProperty("Name").GetString());
        Assert.Contains((await Json("events", "list-event-buses", "--name-prefix", bus)).GetProperty("EventBuses").EnumerateArray(),
            b => b.GetProperty("Name").GetString() == bus);
        Assert.Contains("ResourceAlreadyExistsException", await ErrorOf("events", "create-event-bus", "--name", bus), StringComparison.Ordinal);

        var ruleArn = (await Json("events", "put-rule", "--name", "orders", "--event-bus-name", bus,
            "--event-pattern", """{"source":["shop"]}""", "--description", "d")).GetProperty("RuleArn").GetString();
        Assert.Equal($"arn:aws:events:us-east-1:000000000000:rule/{bus}/orders", ruleArn);
        await Json("events", "disable-rule", "--name", "orders", "--event-bus-name", bus);
        var rule = await Json("events", "describe-rule", "--name", "orders", "--event-bus-name", bus);
        Assert.Equal("DISABLED", rule.GetProperty("State").GetString());
        Assert.Equal(bus, rule.GetProperty("EventBusName").GetString());
        await Json("events", "enable-rule", "--name", "orders", "--event-bus-name", bus);

        await Json("events", "put-targets", "--rule", "orders", "--event-bus-name", bus, "--targets",
            $$"""[{"Id":"1","Arn":"{{platform.FunctionArn}}"},{"Id":"2","Arn":"arn:aws:sqs:us-east-1:000000000000:q","Input":"{}"}]""");
        var targets = (await Json("events", "list-targets-by-rule", "--rule", "orders", "--event-bus-name", bus)).GetProperty("Targets");
        Assert.Equal(["1", "2"], targets.EnumerateArray().Select(t => t.GetProperty("Id").GetString()));
        Assert.Contains("Rule can't be deleted since it has targets", await ErrorOf("events", "delete-rule", "--name", "orders", "--event-bus-name", bus),
            StringComparison.Ordinal);
        Assert.Contains("LimitExceededException", await ErrorOf("events", "put-targets", "--rule", "orders", "--event-bus-name", bus, "--targets",
            "Id=3,Arn=arn:aws:sqs:us-east-1:000000000000:q", "Id=4,Arn=arn:aws:sqs:us-east-1:000000000000:q",
            "Id=5,Arn=arn:aws:sqs:us-east-1:000000000000:q", "Id=6,Arn=arn:aws:sqs:us-east-1:000000000000:q"), StringComparison.Ordinal);

        await Json("events", "tag-resource", "--resource-arn", ruleArn!, "--tags", "Key=env,Value=dev");
        Assert.Equal("dev", (await Json("events", "list-tags-for-resource", "--resource-arn", ruleArn!)).GetProperty("Tags")[0].GetProperty("Value").GetString());
        await Json("events", "untag-resource", "--resource-arn", ruleArn!, "--tag-keys", "env");
        Assert.Equal(0, (await Json("events", "list-tags-for-resource", "--resource-arn", ruleArn!)).GetProperty("Tags").GetArrayLength());

        await Json("events", "remove-targets", "--rule", "orders", "--event-bus-name", bus, "--ids", "1", "2");
        await Json("events", "delete-rule", "--name", "orders", "--event-bus-name", bus);
        Assert.Contains("ResourceNotFoundException", await ErrorOf("events", "describe-rule", "--name", "orders", "--event-bus-name", bus), StringComparison.Ordinal);
        await Json("events", "delete-event-bus", "--name", bus);
        Assert.Contains("ResourceNotFoundException", await ErrorOf("events", "describe-event-bus", "--name", bus), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_are_listed_by_prefix_and_paged()
    {
        var prefix = EventsPlatformFixture.UniqueName("list");
        for (var i = 0; i < 3; i++)
            await Json("events", "put-rule", "--name", $"{prefix}-{i}", "--schedule-expression", "rate(1 day)");
        var page = await Json("events", "list-rules", "--name-prefix", prefix, "--limit", "2");
        Assert.Equal(2, page.GetProperty("Rules").GetArrayLength());
        var rest = await Json("events", "list-rules", "--name-prefix", prefix, "--next-token", page.GetProperty("NextToken").GetString()!);
        Assert.Equal($"{prefix}-2", Assert.Single(rest.GetProperty("Rules").EnumerateArray()).GetProperty("Name").GetString());
        Assert.Equal("rate(1 day)", rest.GetProperty("Rules")[0].GetProperty("ScheduleExpression").GetString());
    }

    [Fact]
    public async Task A_rule_delivers_matching_events_to_a_function_asynchronously()
    {
        var rule = EventsPlatformFixture.UniqueName("to-fn");
        var marker = Guid.NewGuid().ToString("N");
        await Json("events", "put-rule", "--name", rule, "--event-pattern",
            $$$"""{"source":["cli.app"],"detail":{"marker":["{{{marker}}}"],"size":[{"numeric":[">",1000]}]}}""");
        await Json("events", "put-targets", "--rule", rule, "--targets", $"Id=fn,Arn={platform.FunctionArn}");

        var put = await Json("events", "put-events", "--entries",
            $$"""[{"Source":"cli.app","DetailType":"Upload","Detail":"{\"marker\":\"{{marker}}\",\"size\":2000}","Resources":["arn:aws:s3:::b"]},{"Source":"cli.app","DetailType":"Upload","Detail":"{\"marker\":\"{{marker}}\",\"size\":5}"}]""");
        Assert.Equal(0, put.GetProperty("FailedEntryCount").GetInt32());
        var id = put.GetProperty("Entries")[0].GetProperty("EventId").GetString();

        var received = await platform.Received.WaitForAsync(e => e.TryGetProperty("detail", out var d) && d.TryGetProperty("marker", out var m) && m.GetString() == marker);
        var @event = Assert.Single(received);
        Assert.Equal(id, @event.GetProperty("id").GetString());
        Assert.Equal("Upload", @event.GetProperty("detail-type").GetString());
        Assert.Equal("arn:aws:s3:::b", @event.GetProperty("resources")[0].GetString());
        Assert.Equal(2000, @event.GetProperty("detail").GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task PutEvents_reports_each_bad_entry_and_refuses_oversized_requests()
    {
        var put = await Json("events", "put-events", "--entries",
            """[{"Source":"a","DetailType":"t","Detail":"{}"},{"DetailType":"t","Detail":"{}"},{"Source":"a","DetailType":"t","Detail":"[1]"},{"Source":"aws.s3","DetailType":"t","Detail":"{}"},{"Source":"a","DetailType":"t","Detail":"{}","EventBusName":"nope"}]""");
        Assert.Equal(4, put.GetProperty("FailedEntryCount").GetInt32());
        Assert.Equal([null, "InvalidArgument", "MalformedDetail", "NotAuthorizedForSourceException", "NotFoundException"],
            put.GetProperty("Entries").EnumerateArray().Select(e => e.TryGetProperty("ErrorCode", out var c) ? c.GetString() : null));
        // Too long for a command line: the CLI reads it from a file.
        var file = Path.Combine(Path.GetTempPath(), EventsPlatformFixture.UniqueName("entries") + ".json");
        await File.WriteAllTextAsync(file, $$"""[{"Source":"a","DetailType":"t","Detail":"{\"x\":\"{{new string('x', 260 * 1024)}}\"}"}]""");
        try
        {
            Assert.Contains("ValidationException", await ErrorOf("events", "put-events", "--entries", "file://" + file), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TestEventPattern_answers_and_refuses_malformed_patterns()
    {
        const string Event = """{"id":"1","account":"000000000000","source":"shop","time":"2026-01-01T00:00:00Z","region":"us-east-1","detail-type":"t","resources":[],"detail":{"n":5}}""";
        Assert.True((await Json("events", "test-event-pattern", "--event-pattern", """{"detail":{"n":[{"numeric":[">",1]}]}}""", "--event", Event))
            .GetProperty("Result").GetBoolean());
        Assert.False((await Json("events", "test-event-pattern", "--event-pattern", """{"source":[{"prefix":"x"}]}""", "--event", Event))
            .GetProperty("Result").GetBoolean());
        Assert.Contains("InvalidEventPatternException", await ErrorOf("events", "test-event-pattern", "--event-pattern", """{"source":"shop"}""", "--event", Event),
            StringComparison.Ordinal);
        Assert.Contains("InvalidEventPatternException", await ErrorOf("events", "put-rule", "--name", "bad", "--event-pattern", """{"n":[{"numeric":[">"]}]}"""),
            StringComparison.Ordinal);
        Assert.Contains("ValidationException", await ErrorOf("events", "put-rule", "--name", "bad", "--schedule-expression", "cron(0 2 * * * *)"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scheduler_schedules_and_groups_round_trip_and_an_at_schedule_fires_into_a_queue()
    {
        var queue = EventsPlatformFixture.UniqueName("sched");
        await platform.Aws.RunOkAsync("sqs", "create-queue", "--queue-name", queue);
        var group = EventsPlatformFixture.UniqueName("grp");
        Assert.EndsWith($"schedule-group/{group}", (await Json("scheduler", "create-schedule-group", "--name", group)).GetProperty("ScheduleGroupArn").GetString(),
            StringComparison.Ordinal);
        Assert.Equal("ACTIVE", (await Json("scheduler", "get-schedule-group", "--name", group)).GetProperty("State").GetString());

        // A few seconds from now (the CLI itself takes seconds to start), in Berlin's wall-clock time.
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var at = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddSeconds(15), berlin).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var target = $$"""{"Arn":"arn:aws:sqs:us-east-1:000000000000:{{queue}}","RoleArn":"arn:aws:iam::000000000000:role/s","Input":"{\"job\":\"{{queue}}\"}"}""";
        var arn = (await Json("scheduler", "create-schedule", "--name", "once", "--group-name", group, "--schedule-expression", $"at({at})",
            "--schedule-expression-timezone", "Europe/Berlin", "--flexible-time-window", "Mode=OFF", "--target", target)).GetProperty("ScheduleArn").GetString();
        Assert.Equal($"arn:aws:scheduler:us-east-1:000000000000:schedule/{group}/once", arn);
        var schedule = await Json("scheduler", "get-schedule", "--name", "once", "--group-name", group);
        Assert.Equal("Europe/Berlin", schedule.GetProperty("ScheduleExpressionTimezone").GetString());
        Assert.Equal(group, schedule.GetProperty("GroupName").GetString());
        Assert.Contains("ConflictException", await ErrorOf("scheduler", "create-schedule", "--name", "once", "--group-name", group,
            "--schedule-expression", "rate(1 hour)", "--flexible-time-window", "Mode=OFF", "--target", target), StringComparison.Ordinal);

        var received = "";
        for (var attempt = 0; attempt < 3 && received.Trim().Length == 0; attempt++)
        {
            received = await platform.Aws.RunOkAsync("sqs", "receive-message", "--queue-url", $"{platform.Endpoint.ToString().TrimEnd('/')}/000000000000/{queue}",
                "--wait-time-seconds", "20");
        }
        Assert.Contains($"\\\"job\\\":\\\"{queue}\\\"", received, StringComparison.Ordinal);

        await Json("scheduler", "update-schedule", "--name", "once", "--group-name", group, "--schedule-expression", "rate(5 minutes)",
            "--flexible-time-window", "Mode=FLEXIBLE,MaximumWindowInMinutes=2", "--target", target, "--state", "DISABLED");
        var listed = (await Json("scheduler", "list-schedules", "--group-name", group)).GetProperty("Schedules");
        Assert.Equal("DISABLED", Assert.Single(listed.EnumerateArray()).GetProperty("State").GetString());
        await Json("scheduler", "delete-schedule", "--name", "once", "--group-name", group);
        Assert.Contains("ResourceNotFoundException", await ErrorOf("scheduler", "get-schedule", "--name", "once", "--group-name", group), StringComparison.Ordinal);
        await Json("scheduler", "delete-schedule-group", "--name", group);
    }
}
