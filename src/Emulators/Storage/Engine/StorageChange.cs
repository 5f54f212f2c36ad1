namespace Platform.Emulators.Storage.Engine;

/// <summary>One committed change of an object, as the change journal records it inside the same
/// transaction as the change itself. The storage poller turns these into S3 event records.</summary>
public sealed record StorageChange
{
    /// <summary>Journal position: strictly increasing, so it doubles as S3's sequencer.</summary>
    public required long Sequence { get; init; }
    public required string Bucket { get; init; }

    /// <summary>The key as stored (not URL-encoded).</summary>
    public required string Key { get; init; }

    /// <summary>S3's event name without the <c>s3:</c> prefix, e.g. <c>ObjectCreated:Put</c>.</summary>
    public required string EventName { get; init; }

    /// <summary>Only on ObjectCreated events.</summary>
    public long? Size { get; init; }

    /// <summary>Only on ObjectCreated events; without quotes.</summary>
    public string? ETag { get; init; }
    public string? VersionId { get; init; }
    public required DateTimeOffset EventTime { get; init; }
    public required string SourceIpAddress { get; init; }

    /// <summary>The x-amz-request-id of the request that made the change.</summary>
    public required string RequestId { get; init; }

    /// <summary>The trace of the call that made the change (X-Ray header form), or null.</summary>
    public string? TraceHeader { get; init; }

    /// <summary>S3's sequencer: fixed-width hex, so string order is journal order.</summary>
    public string Sequencer => Sequence.ToString("X16");
}
