using Platform.Host.Configuration;

namespace Platform.Testing;

/// <summary>A bucket's notification configuration, as platform.yaml's <c>s3:</c> triggers write it.</summary>
public sealed class BucketBuilder
{
    private readonly string _bucket;
    private readonly List<S3TriggerDeclaration> _triggers = [];

    internal BucketBuilder(string bucket) => _bucket = bucket;

    internal IReadOnlyList<S3TriggerDeclaration> Triggers => _triggers;

    /// <summary>Invokes <paramref name="function"/> asynchronously for the events named (S3's names,
    /// wildcards allowed: <c>s3:ObjectCreated:*</c>), optionally for keys with a prefix or suffix.</summary>
    public BucketBuilder Notify(string function, string events = "s3:ObjectCreated:*", string? prefix = null, string? suffix = null)
    {
        _triggers.Add(new S3TriggerDeclaration
        {
            Function = function,
            Bucket = _bucket,
            Id = ConfigLoader.S3TriggerIdPrefix + $"{function}-{_triggers.Count}",
            Events = events.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Prefix = prefix,
            Suffix = suffix,
        });
        return this;
    }
}
