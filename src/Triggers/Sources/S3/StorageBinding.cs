using Platform.Emulators.Storage.Engine;

namespace Platform.Triggers.Sources.S3;

/// <summary>One LambdaFunctionConfiguration of one bucket: which of the bucket's changes go to which
/// function. Its <see cref="Id"/> names its journal cursor.</summary>
public sealed record StorageBinding(string Bucket, LambdaFunctionConfiguration Configuration, string FunctionName)
{
    public string Id => BindingId(Bucket, Configuration.Id);

    /// <summary>What the invocation log and the async message show as the cause.</summary>
    public string Trigger => "s3:" + Bucket;

    public static string BindingId(string bucket, string configurationId) => $"s3:{bucket}:{configurationId}";

    public static bool TryCreate(string bucket, LambdaFunctionConfiguration configuration, out StorageBinding? binding)
    {
        binding = FunctionArn.TryParseName(configuration.FunctionArn, out var function)
            ? new StorageBinding(bucket, configuration, function)
            : null;
        return binding is not null;
    }

    public bool Matches(StorageChange change) =>
        string.Equals(change.Bucket, Bucket, StringComparison.Ordinal) && Configuration.Matches(change);

    /// <summary>Same selection and target? (Record equality would compare the event lists by
    /// reference, and every listing builds new lists.)</summary>
    public bool IsEquivalentTo(StorageBinding other) =>
        Bucket == other.Bucket &&
        FunctionName == other.FunctionName &&
        Configuration.Id == other.Configuration.Id &&
        Configuration.FunctionArn == other.Configuration.FunctionArn &&
        Configuration.Prefix == other.Configuration.Prefix &&
        Configuration.Suffix == other.Configuration.Suffix &&
        Configuration.Events.SequenceEqual(other.Configuration.Events);
}
