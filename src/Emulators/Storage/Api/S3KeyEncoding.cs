namespace Platform.Emulators.Storage.Api;

/// <summary>encoding-type=url: keys and prefixes in listings are percent-encoded (clients such as the
/// aws CLI ask for it and decode). Slashes stay readable, as S3 leaves them.</summary>
public static class S3KeyEncoding
{
    public static string Encode(string value, bool url) =>
        url ? Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal) : value;

    public static string? EncodeNullable(string? value, bool url) => value is null ? null : Encode(value, url);
}
