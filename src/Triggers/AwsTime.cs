using System.Globalization;

namespace Platform.Triggers;

/// <summary>The ways AWS writes a time in the events and records the triggers produce.</summary>
public static class AwsTime
{
    /// <summary>ISO-8601 UTC with milliseconds (S3's eventTime, destination records' timestamps).</summary>
    public static string Iso8601(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>ISO-8601 UTC in whole seconds (a tumbling window's start and end: "2020-12-09T07:04:00Z").</summary>
    public static string Iso8601Seconds(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Epoch seconds with milliseconds, as Kinesis reports arrival (e.g. 1545084650.987).</summary>
    public static double EpochSeconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000d;
}
