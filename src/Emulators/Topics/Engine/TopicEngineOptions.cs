namespace Platform.Emulators.Topics.Engine;

public sealed record TopicEngineOptions
{
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "000000000000";

    /// <summary>The edge URL: UnsubscribeURL, SubscribeURL and SigningCertURL point here, so a
    /// subscriber following them reaches this platform, not AWS.</summary>
    public string EndpointUrl { get; init; } = "http://127.0.0.1:4566";
}
