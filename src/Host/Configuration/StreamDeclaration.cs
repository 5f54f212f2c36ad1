namespace Platform.Host.Configuration;

/// <summary>A Kinesis stream platform.yaml declares (`streams:`): created at start when missing, so
/// the file's `kinesis:` triggers find it; an existing stream is left as it is (never resharded).</summary>
public sealed record StreamDeclaration(string Name, int ShardCount, int Line);
