using System.Globalization;

namespace Platform.Emulators.Streams.Engine;

/// <summary>Kinesis's shard ids: <c>shardId-</c> and a 12-digit index.</summary>
internal static class ShardIds
{
    public static string Format(int index) => string.Create(CultureInfo.InvariantCulture, $"shardId-{index:D12}");

    /// <summary>Kinesis also accepts the bare index ("1" for shardId-000000000001).</summary>
    public static bool TryParse(string? text, out int index)
    {
        index = -1;
        if (string.IsNullOrEmpty(text))
            return false;
        var digits = text.StartsWith("shardId-", StringComparison.Ordinal) ? text.AsSpan(8) : text.AsSpan();
        return digits.Length is > 0 and <= 12 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
