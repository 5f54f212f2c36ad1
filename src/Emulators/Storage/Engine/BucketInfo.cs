namespace Platform.Emulators.Storage.Engine;

public sealed record BucketInfo(string Name, DateTimeOffset CreationDate, string Region);
