namespace Platform.Emulators.Streams.Engine;

public sealed record StreamShards(string StreamName, string StreamArn, IReadOnlyList<ShardInfo> Shards);
