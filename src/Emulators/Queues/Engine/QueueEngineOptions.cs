namespace Platform.Emulators.Queues.Engine;

public sealed record QueueEngineOptions
{
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "000000000000";

    /// <summary>Base of the QueueUrl, e.g. <c>http://127.0.0.1:4566</c>.</summary>
    public string EndpointUrl { get; init; } = "http://127.0.0.1:4566";
}
