namespace Platform.Emulators.Streams.Engine;

/// <param name="ExplicitHashKey">A decimal 128-bit hash key that overrides the partition key's MD5.</param>
public sealed record PutRecordEntry(string PartitionKey, byte[] Data, string? ExplicitHashKey = null);
