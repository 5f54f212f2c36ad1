using System.Text.RegularExpressions;
using Platform.Triggers.Sources.S3;

namespace Platform.Triggers.Destinations;

/// <summary>
/// A destination as it is configured: its kind, the value as written and the resource's name there
/// (queue name, topic ARN, function name, bus name, bucket name). Lambda's API takes ARNs only;
/// platform.yaml also takes a queue's bare name or URL, as it always has.
/// </summary>
public sealed partial record DestinationArn(DestinationKind Kind, string Value, string Name)
{
    /// <summary>Lambda's API model pattern for a destination (OnSuccess/OnFailure.Destination); a
    /// value outside it is a ValidationException before any other check.</summary>
    public const string AwsPattern = @"^$|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)";

    [GeneratedRegex(@"^(?:arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*))?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex WellFormed();

    public static bool IsWellFormed(string value) => WellFormed().IsMatch(value);

    /// <summary>The destination an ARN names, or null when it names no supported service or is malformed.</summary>
    public static DestinationArn? TryParse(string value)
    {
        var parts = value.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn")
            return null;
        var resource = parts[5];
        return parts[2] switch
        {
            "sqs" when IsPlainName(resource) => new(DestinationKind.Queue, value, resource),
            "sns" when IsPlainName(resource) => new(DestinationKind.Topic, value, value),
            "lambda" when FunctionArn.TryParseName(value, out var function) => new(DestinationKind.Function, value, function),
            "events" when resource.StartsWith("event-bus/", StringComparison.Ordinal) && resource.Length > "event-bus/".Length =>
                new(DestinationKind.EventBus, value, resource["event-bus/".Length..]),
            // S3 bucket ARNs carry neither region nor account.
            "s3" when parts[3].Length == 0 && parts[4].Length == 0 && IsPlainName(resource) && !resource.Contains('/') =>
                new(DestinationKind.Bucket, value, resource),
            _ => null,
        };
    }

    /// <summary>For delivery: an ARN of any supported kind, or (platform.yaml's shorthand) a queue
    /// name or URL. Throws <see cref="DestinationException"/> for anything else.</summary>
    public static DestinationArn Parse(string destination)
    {
        var value = destination.Trim();
        if (value.StartsWith("arn:", StringComparison.Ordinal))
            return TryParse(value) ?? throw new DestinationException($"'{destination}' is not a destination ARN of SQS, SNS, Lambda, EventBridge or S3.");
        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var trimmed = value.TrimEnd('/');
            return new(DestinationKind.Queue, value, trimmed[(trimmed.LastIndexOf('/') + 1)..]);
        }

        return value.Length > 0 ? new(DestinationKind.Queue, value, value) : throw new DestinationException("The destination is empty.");
    }

    private static bool IsPlainName(string resource) => resource.Length > 0 && !resource.Contains(':');
}
