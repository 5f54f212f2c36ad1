using Platform.Triggers.Mappings;

namespace Platform.Triggers.Sources.Kinesis;

/// <param name="MaximumRetryAttempts">-1: retry until the records expire.</param>
/// <param name="MaximumRecordAge">Null: no limit (-1).</param>
public sealed record StreamRetrySettings(int MaximumRetryAttempts, TimeSpan? MaximumRecordAge, bool BisectOnFunctionError, string? OnFailureDestination)
{
    /// <summary>From a validated mapping (every option set).</summary>
    public static StreamRetrySettings Of(EventSourceMapping mapping) => new(
        mapping.MaximumRetryAttempts ?? -1,
        mapping.MaximumRecordAgeInSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null,
        mapping.BisectBatchOnFunctionError ?? false,
        mapping.OnFailureDestination);
}
