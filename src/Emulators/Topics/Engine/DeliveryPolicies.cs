namespace Platform.Emulators.Topics.Engine;

/// <summary>SNS's default HTTP/S delivery policy: 3 retries, 20 s apart (numRetries 3,
/// minDelayTarget = maxDelayTarget = 20, linear backoff), as EffectiveDeliveryPolicy shows it.</summary>
public static class DeliveryPolicies
{
    public const string DefaultEffective =
        "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0," +
        "\"numNoDelayRetries\":0,\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},\"disableSubscriptionOverrides\":false," +
        "\"defaultRequestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}";

    public const int DefaultRetries = 3;
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(20);
}
