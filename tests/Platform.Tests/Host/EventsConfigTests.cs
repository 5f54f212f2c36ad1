using Platform.Host.Configuration;

namespace Platform.Tests.Host;

public sealed class EventsConfigTests
{
    private static PlatformConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(yaml), "/cfg/platform.yaml");

    [Fact]
    public void Reads_rules_schedules_and_the_schedule_and_eventbridge_triggers()
    {
        var config = Parse("""
            rules:
              - name: big-uploads
                pattern: '{"source":["aws.s3"]}'
                targets:
                  - { arn: "arn:aws:sqs:us-east-1:000000000000:uploads", input: '{"a":1}' }
            schedules:
              - name: nightly
                expression: cron(0 2 * * ? *)
                timezone: Europe/Berlin
                target: { arn: "arn:aws:lambda:us-east-1:000000000000:function:report", input: '{"full":true}' }
            functions:
              cleanup:
                assembly: x.dll
                handler: X::Y
                triggers:
                  - schedule: { expression: "rate(5 minutes)", input: '{"dryRun":false}' }
                  - eventbridge: { pattern: '{"source":["shop"]}', bus: orders }
            """);

        var rule = config.Rules[0];
        Assert.Equal(("big-uploads", """{"source":["aws.s3"]}""", 2), (rule.Name, rule.Pattern, rule.Line));
        Assert.Equal(new EventTargetDeclaration("1", "arn:aws:sqs:us-east-1:000000000000:uploads", """{"a":1}"""), Assert.Single(rule.Targets));

        var schedule = Assert.Single(config.Schedules);
        Assert.Equal(("nightly", "cron(0 2 * * ? *)", "Europe/Berlin", """{"full":true}"""), (schedule.Name, schedule.Expression, schedule.Timezone, schedule.Input));

        var timer = config.Rules[1];
        Assert.Equal(("platform-yaml-cleanup-0", "rate(5 minutes)", null), (timer.Name, timer.Schedule, timer.Pattern));
        Assert.Equal(new EventTargetDeclaration("cleanup", "arn:aws:lambda:us-east-1:000000000000:function:cleanup", """{"dryRun":false}"""), Assert.Single(timer.Targets));
        var routed = config.Rules[2];
        Assert.Equal(("platform-yaml-cleanup-1", """{"source":["shop"]}""", "orders", null), (routed.Name, routed.Pattern, routed.Bus, routed.Schedule));
    }

    [Theory]
    [InlineData("rules:\n  - name: r\n", "pattern")]
    [InlineData("rules:\n  - name: r\n    pattern: '{}'\n    color: red\n", "color")]
    [InlineData("schedules:\n  - name: s\n    expression: rate(1 hour)\n", "target")]
    [InlineData("functions:\n  f:\n    assembly: x.dll\n    handler: X::Y\n    triggers:\n      - schedule: { input: '{}' }\n", "expression")]
    public void A_bad_declaration_names_its_line_and_key(string yaml, string key)
    {
        var error = Assert.Throws<ConfigException>(() => Parse(yaml));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
    }
}
