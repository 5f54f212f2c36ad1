using System.Text.Json;
using Platform.Contracts.Dispatch;

namespace Platform.Tests.Triggers.Sources.Kinesis;

/// <summary>One invocation the stream worker made, with its records decoded.</summary>
internal sealed record StreamInvocation(InvokeFunction Request)
{
    public JsonElement Event { get; } = JsonDocument.Parse(Request.Payload).RootElement;

    public IReadOnlyList<JsonElement> Records => [.. Event.GetProperty("Records").EnumerateArray()];

    public IReadOnlyList<string> SequenceNumbers => [.. Records.Select(r => r.GetProperty("kinesis").GetProperty("sequenceNumber").GetString()!)];

    public IReadOnlyList<string> Data => [.. Records.Select(r =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(r.GetProperty("kinesis").GetProperty("data").GetString()!)))];

    public IReadOnlyList<string> PartitionKeys => [.. Records.Select(r => r.GetProperty("kinesis").GetProperty("partitionKey").GetString()!)];

    public string ShardId => Records[0].GetProperty("eventID").GetString()!.Split(':')[0];
}
