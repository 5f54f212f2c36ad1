using YamlDotNet.RepresentationModel;

namespace Platform.Host.Configuration;

/// <summary>
/// Reads EventBridge from platform.yaml: `rules:` and `schedules:` at the top, and the function
/// triggers `- schedule: {expression, input}` and `- eventbridge: {pattern, bus}`, which become a
/// rule whose one target is the function. Patterns are JSON text, as in the AWS APIs:
/// <code>
/// rules:
///   - name: big-uploads
///     pattern: '{"source":["aws.s3"],"detail-type":["Object Created"]}'
///     targets: [{ arn: "arn:aws:sqs:us-east-1:000000000000:uploads" }]
/// schedules:
///   - name: nightly-report
///     expression: cron(0 2 * * ? *)
///     timezone: Europe/Berlin
///     target: { arn: "arn:aws:lambda:us-east-1:000000000000:function:report", input: '{"full":true}' }
/// functions:
///   cleanup:
///     triggers:
///       - schedule: { expression: "rate(5 minutes)", input: '{"dryRun":false}' }
///       - eventbridge: { pattern: '{"source":["shop"]}' }
/// </code>
/// </summary>
internal static class EventsDeclarationReader
{
    /// <summary>Rules made from function triggers are named after the function and the trigger's position.</summary>
    public const string TriggerRulePrefix = "platform-yaml-";

    public static List<EventRuleDeclaration> ReadRules(YamlNodeReader yaml, YamlNode node)
    {
        var rules = new List<EventRuleDeclaration>();
        foreach (var (item, i) in yaml.Sequence(node, "rules").Children.Select((n, i) => (n, i)))
        {
            var path = $"rules[{i}]";
            var entries = yaml.Entries(yaml.Mapping(item, path), path, "name", "bus", "pattern", "schedule", "targets");
            var targets = new List<EventTargetDeclaration>();
            if (entries.TryGetValue("targets", out var targetsNode))
            {
                foreach (var (target, j) in yaml.Sequence(targetsNode, path + ".targets").Children.Select((n, j) => (n, j)))
                {
                    var targetPath = $"{path}.targets[{j}]";
                    var t = yaml.Entries(yaml.Mapping(target, targetPath), targetPath, "id", "arn", "input");
                    targets.Add(new EventTargetDeclaration(yaml.OptionalString(t, "id", targetPath) ?? (j + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        yaml.RequiredString(t, target, "arn", targetPath), yaml.OptionalString(t, "input", targetPath)));
                }
            }
            rules.Add(Rule(yaml, item, entries, path, yaml.RequiredString(entries, item, "name", path), yaml.OptionalString(entries, "bus", path), targets));
        }
        return rules;
    }

    public static List<ScheduleDeclaration> ReadSchedules(YamlNodeReader yaml, YamlNode node)
    {
        var schedules = new List<ScheduleDeclaration>();
        foreach (var (item, i) in yaml.Sequence(node, "schedules").Children.Select((n, i) => (n, i)))
        {
            var path = $"schedules[{i}]";
            var entries = yaml.Entries(yaml.Mapping(item, path), path, "name", "group", "expression", "timezone", "target");
            var targetNode = entries.TryGetValue("target", out var t) ? t : throw yaml.Error(item, $"{path} needs a target: {{ arn: … }}.");
            var target = yaml.Entries(yaml.Mapping(targetNode, path + ".target"), path + ".target", "arn", "input");
            schedules.Add(new ScheduleDeclaration
            {
                Name = yaml.RequiredString(entries, item, "name", path),
                Group = yaml.OptionalString(entries, "group", path),
                Expression = yaml.RequiredString(entries, item, "expression", path),
                Timezone = yaml.OptionalString(entries, "timezone", path),
                TargetArn = yaml.RequiredString(target, targetNode, "arn", path + ".target"),
                Input = yaml.OptionalString(target, "input", path + ".target"),
                Line = (int)item.Start.Line,
            });
        }
        return schedules;
    }

    /// <summary>A function's `schedule:` or `eventbridge:` trigger as a rule targeting the function, or null for other kinds.</summary>
    public static EventRuleDeclaration? ReadTrigger(YamlNodeReader yaml, string function, IReadOnlyDictionary<string, YamlNode> kinds, int index,
        string path, string region, string accountId)
    {
        var functionArn = $"arn:aws:lambda:{region}:{accountId}:function:{function}";
        var name = $"{TriggerRulePrefix}{function}-{index}";
        if (kinds.TryGetValue("schedule", out var schedule))
        {
            var entries = yaml.Entries(yaml.Mapping(schedule, path + ".schedule"), path + ".schedule", "expression", "input");
            return new EventRuleDeclaration
            {
                Name = name,
                Schedule = yaml.RequiredString(entries, schedule, "expression", path + ".schedule"),
                Targets = [new EventTargetDeclaration(function, functionArn, yaml.OptionalString(entries, "input", path + ".schedule"))],
                Line = (int)schedule.Start.Line,
            };
        }
        if (kinds.TryGetValue("eventbridge", out var eventbridge))
        {
            var entries = yaml.Entries(yaml.Mapping(eventbridge, path + ".eventbridge"), path + ".eventbridge", "pattern", "bus");
            return Rule(yaml, eventbridge, entries, path + ".eventbridge", name, yaml.OptionalString(entries, "bus", path + ".eventbridge"),
                [new EventTargetDeclaration(function, functionArn, null)]) with { Schedule = null };
        }
        return null;
    }

    private static EventRuleDeclaration Rule(YamlNodeReader yaml, YamlNode node, IReadOnlyDictionary<string, YamlNode> entries, string path,
        string name, string? bus, List<EventTargetDeclaration> targets)
    {
        var pattern = yaml.OptionalString(entries, "pattern", path);
        var schedule = entries.ContainsKey("schedule") ? yaml.OptionalString(entries, "schedule", path) : null;
        if (pattern is null && schedule is null)
            throw yaml.Error(node, $"{path} needs a pattern: (JSON text) or a schedule: (rate(…) or cron(…)).");
        return new EventRuleDeclaration { Name = name, Bus = bus, Pattern = pattern, Schedule = schedule, Targets = targets, Line = (int)node.Start.Line };
    }
}
