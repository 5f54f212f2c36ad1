using System.Globalization;

namespace Platform.Emulators.Storage.Engine;

/// <summary>A resolved, satisfiable byte range of an object: <c>[Start, Start+Length)</c>.</summary>
public readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length - 1;

    /// <summary>Parses an HTTP Range header against an object's size the way S3 does: null when the
    /// header is absent or not a single well-formed bytes range (S3 then ignores it and returns the
    /// whole object); InvalidRange when it is well-formed but unsatisfiable.</summary>
    public static ByteRange? Parse(string? header, long size)
    {
        if (string.IsNullOrWhiteSpace(header))
            return null;
        var value = header.Trim();
        if (!value.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
            return null;
        var spec = value[6..].Trim();
        if (spec.Contains(','))
            return null;
        var dash = spec.IndexOf('-');
        if (dash < 0)
            return null;
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();

        if (first.Length == 0)
        {
            // bytes=-n: the last n bytes.
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
                return null;
            if (suffix == 0 || size == 0)
                throw StorageErrors.InvalidRange(size);
            var length = Math.Min(suffix, size);
            return new ByteRange(size - length, length);
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
            return null;
        long end;
        if (last.Length == 0)
            end = size - 1;
        else if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end))
            return null;
        if (last.Length > 0 && end < start)
            return null;
        if (start >= size)
            throw StorageErrors.InvalidRange(size);
        end = Math.Min(end, size - 1);
        return new ByteRange(start, end - start + 1);
    }

    /// <summary>x-amz-copy-source-range, which unlike Range is strict: exactly <c>bytes=first-last</c>
    /// (InvalidArgument otherwise) inside the source object (InvalidRequest otherwise).</summary>
    public static ByteRange ParseCopyRange(string header, long size)
    {
        var value = header.Trim();
        var dash = value.IndexOf('-');
        if (!value.StartsWith("bytes=", StringComparison.Ordinal) || dash < 0
            || !long.TryParse(value.AsSpan(6, dash - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(value.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || last < first)
            throw StorageErrors.InvalidArgument(
                "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
                "x-amz-copy-source-range", header);
        if (last >= size)
            throw StorageErrors.InvalidRequest("The specified copy range is invalid for the source object size");
        return new ByteRange(first, last - first + 1);
    }
}
