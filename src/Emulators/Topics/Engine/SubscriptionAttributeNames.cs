using System.Text.Json;

namespace Platform.Emulators.Topics.Engine;

/// <summary>The subscription attributes SNS accepts in Subscribe/SetSubscriptionAttributes.</summary>
internal static class SubscriptionAttributeNames
{
    public const string RawMessageDelivery = "RawMessageDelivery";
    public const string FilterPolicy = "FilterPolicy";
    public const string FilterPolicyScope = "FilterPolicyScope";
    public const string RedrivePolicy = "RedrivePolicy";
    public const string DeliveryPolicy = "DeliveryPolicy";
    public const string SubscriptionRoleArn = "SubscriptionRoleArn";
    public const string ReplayPolicy = "ReplayPolicy";

    public static readonly HashSet<string> Settable = new(StringComparer.Ordinal)
    {
        RawMessageDelivery, FilterPolicy, FilterPolicyScope, RedrivePolicy, DeliveryPolicy, SubscriptionRoleArn, ReplayPolicy,
    };

    public static string? DeadLetterTarget(string? redrivePolicy)
    {
        if (string.IsNullOrEmpty(redrivePolicy))
            return null;
        using var document = JsonDocument.Parse(redrivePolicy);
        return document.RootElement.TryGetProperty("deadLetterTargetArn", out var arn) ? arn.GetString() : null;
    }
}
