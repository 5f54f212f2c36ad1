using System.Text;
using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>The <c>kinesis</c> part of a Kinesis event record.</summary>
public sealed record KinesisRecord
{
    /// <summary>Always <c>1.0</c>.</summary>
    [JsonPropertyName("kinesisSchemaVersion")]
    public string KinesisSchemaVersion { get; init; } = "1.0";

    /// <summary>The partition key the producer gave.</summary>
    [JsonPropertyName("partitionKey")]
    public string PartitionKey { get; init; } = "";

    /// <summary>The record's sequence number (a decimal string, increasing per shard); the
    /// <c>itemIdentifier</c> to report it as a batch item failure.</summary>
    [JsonPropertyName("sequenceNumber")]
    public string SequenceNumber { get; init; } = "";

    /// <summary>The data blob, base64; see <see cref="DecodeData"/>.</summary>
    [JsonPropertyName("data")]
    public string Data { get; init; } = "";

    /// <summary>When the stream accepted the record, in seconds since the Unix epoch (fractional).</summary>
    [JsonPropertyName("approximateArrivalTimestamp")]
    public double ApproximateArrivalTimestamp { get; init; }

    /// <summary><see cref="ApproximateArrivalTimestamp"/> as a point in time.</summary>
    [JsonIgnore]
    public DateTimeOffset ApproximateArrivalTime =>
        DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(ApproximateArrivalTimestamp * TimeSpan.TicksPerSecond));

    /// <summary>The data blob's bytes.</summary>
    /// <returns>The decoded <see cref="Data"/>.</returns>
    public byte[] DecodeData() => Convert.FromBase64String(Data);

    /// <summary>The data blob read as UTF-8 text.</summary>
    /// <returns>The decoded <see cref="Data"/> as a string.</returns>
    public string DecodeDataAsString() => Encoding.UTF8.GetString(DecodeData());
}
