namespace Platform.Triggers.Sources.Kinesis;

/// <summary>What every record of a mapping's events says about where it came from.</summary>
public sealed record KinesisEventSource(string StreamArn, string Region, string InvokeIdentityArn)
{
    /// <summary>How this source's records become a Lambda event and an on-failure record (Kinesis's by default;
    /// DynamoDB Streams mappings run the same shard machinery with their own shape).</summary>
    public IStreamEventShape Shape { get; init; } = KinesisEventShape.Instance;

    public static KinesisEventSource For(string streamArn, TriggerOptions options)
    {
        var parts = streamArn.Split(':', 6);
        var region = parts.Length == 6 && parts[3].Length > 0 ? parts[3] : options.Region;
        var account = parts.Length == 6 && parts[4].Length > 0 ? parts[4] : options.AccountId;
        return new KinesisEventSource(streamArn, region, $"arn:aws:iam::{account}:role/platform-lambda-role");
    }

    public string StreamName => StreamArn[(StreamArn.IndexOf("stream/", StringComparison.Ordinal) + "stream/".Length)..];
}
