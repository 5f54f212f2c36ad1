using System.Text.RegularExpressions;
using Platform.Triggers.Destinations;

namespace Platform.Host.Lambda;

/// <summary>DeadLetterConfig.TargetArn as Lambda checks it: its API model's pattern first
/// (ValidationException), then an SQS queue or an SNS topic only (InvalidParameterValueException for
/// any other service's ARN). The target need not exist yet; a missing one fails at delivery.</summary>
internal static partial class DeadLetterRules
{
    private const string Pattern = "(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()";

    [GeneratedRegex("^(?:" + Pattern + ")$", RegexOptions.CultureInvariant)]
    private static partial Regex WellFormed();

    public static void Validate(string? target)
    {
        if (target is not { Length: > 0 })
            return;
        if (!WellFormed().IsMatch(target))
            throw LambdaException.Validation("deadLetterConfig.targetArn", target, "Member must satisfy regular expression pattern: " + Pattern);
        if (DestinationArn.TryParse(target)?.Kind is not (DestinationKind.Queue or DestinationKind.Topic))
            throw LambdaException.InvalidParameter($"The provided target arn {target} is invalid: a dead-letter target is an SQS queue (arn:aws:sqs:…) or an SNS topic (arn:aws:sns:…).");
    }
}
