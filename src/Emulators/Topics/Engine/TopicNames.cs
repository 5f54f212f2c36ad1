namespace Platform.Emulators.Topics.Engine;

/// <summary>Topic name rules and the ARNs of topics and subscriptions.</summary>
internal static class TopicNames
{
    public const string FifoSuffix = ".fifo";
    private const int MaxLength = 256;

    public static bool IsFifoName(string name) => name.EndsWith(FifoSuffix, StringComparison.Ordinal);

    /// <summary>1–256 letters, digits, '-' and '_'; a FIFO topic's name ends in ".fifo" (counted in the 256).</summary>
    public static void Validate(string? name, bool fifo)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
            throw TopicErrors.InvalidParameter("Topic Name");
        var stem = IsFifoName(name) ? name.AsSpan(0, name.Length - FifoSuffix.Length) : name.AsSpan();
        if (stem.IsEmpty || !IsPlain(stem))
            throw fifo
                ? TopicErrors.InvalidParameter("Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.")
                : TopicErrors.InvalidParameter("Topic Name");
        if (fifo != IsFifoName(name))
            throw fifo
                ? TopicErrors.InvalidParameter("Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.")
                : TopicErrors.InvalidParameter("Topic Name");
    }

    public static string Arn(TopicEngineOptions options, string name) => $"arn:aws:sns:{options.Region}:{options.AccountId}:{name}";

    /// <summary>The topic name of a well-formed topic ARN of this region and account, else null.</summary>
    public static string? NameOf(TopicEngineOptions options, string? arn)
    {
        if (arn is null)
            return null;
        var prefix = $"arn:aws:sns:{options.Region}:{options.AccountId}:";
        if (!arn.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var name = arn[prefix.Length..];
        return name.Length is > 0 and <= MaxLength && !name.Contains(':') ? name : null;
    }

    /// <summary>Whether <paramref name="arn"/> looks like an SNS ARN at all (any region/account).</summary>
    public static bool LooksLikeArn(string? arn) =>
        arn is not null && arn.StartsWith("arn:", StringComparison.Ordinal) && arn.Split(':').Length >= 6 && arn.Split(':')[2] == "sns";

    public static string SubscriptionArn(string topicArn) => $"{topicArn}:{Guid.NewGuid()}";

    /// <summary>The topic ARN a subscription ARN belongs to, or null when it is not one.</summary>
    public static string? TopicOfSubscription(string? subscriptionArn)
    {
        if (subscriptionArn is null)
            return null;
        var parts = subscriptionArn.Split(':');
        return parts.Length == 7 && parts[0] == "arn" && parts[2] == "sns" && Guid.TryParse(parts[6], out _)
            ? string.Join(':', parts, 0, 6)
            : null;
    }

    private static bool IsPlain(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
                return false;
        }
        return true;
    }
}
