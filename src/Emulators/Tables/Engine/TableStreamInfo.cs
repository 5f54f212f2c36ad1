namespace Platform.Emulators.Tables.Engine;

/// <summary>One DynamoDB stream: enabled with a table's StreamSpecification, disabled (but still
/// readable for 24 hours) when the specification is turned off or the table deleted.</summary>
public sealed record TableStreamInfo(long Id, string TableName, string Arn, string Label, string ViewType, long CreatedMs, long? DisabledMs)
{
    public string ShardId => $"shardId-{CreatedMs:D20}-{Id:x8}";

    public bool Enabled => DisabledMs is null;
}
