using System.Net;

namespace Platform.Emulators.Storage.Engine;

/// <summary>S3's general-purpose bucket naming rules (the current ones, not the legacy us-east-1 ones).</summary>
public static class BucketNameRules
{
    private static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3"];

    public static bool IsValid(string name)
    {
        if (name.Length is < 3 or > 63)
            return false;
        foreach (var c in name)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-'))
                return false;
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
            return false;
        if (name.Contains("..", StringComparison.Ordinal) || name.Contains(".-", StringComparison.Ordinal) || name.Contains("-.", StringComparison.Ordinal))
            return false;
        if (name.Count(c => c == '.') == 3 && IPAddress.TryParse(name, out _))
            return false;
        return !ReservedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))
            && !ReservedSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));
    }

    public static void Validate(string name)
    {
        if (!IsValid(name))
            throw StorageErrors.InvalidBucketName(name);
    }
}
