namespace Platform.Emulators.Queues.Engine;

/// <summary>Queue name rules, and how names map to and from URLs and ARNs.
/// Internal queues are named <c>platform:{purpose}</c>: SQS names cannot contain ':' so they can
/// never collide with a user's queue, and a URL or ARN never resolves to one (the wire API only
/// ever holds URLs, ARNs and user-typed names, all of which pass through public-only paths).</summary>
internal static class QueueNames
{
    public const string InternalPrefix = "platform:";
    public const string FifoSuffix = ".fifo";
    private const int MaxLength = 80;
    private const int MaxInternalLength = 200;

    public static bool IsInternal(string name) => name.StartsWith(InternalPrefix, StringComparison.Ordinal);

    public static bool IsFifoName(string name) => name.EndsWith(FifoSuffix, StringComparison.Ordinal);

    /// <summary>Validates a name a client asked for; FIFO-ness comes from the FifoQueue attribute.</summary>
    public static void ValidatePublic(string name, bool fifo)
    {
        if (fifo)
        {
            if (!IsFifoName(name) || name.Length > MaxLength || !IsPlain(name.AsSpan(0, name.Length - FifoSuffix.Length)))
                throw QueueErrors.InvalidParameterValue(
                    "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length");
            return;
        }

        if (IsFifoName(name) && IsPlain(name.AsSpan(0, name.Length - FifoSuffix.Length)))
            throw QueueErrors.InvalidParameterValue(
                "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length");
        if (name.Length > MaxLength || !IsPlain(name))
            throw QueueErrors.InvalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
    }

    public static string Internal(string purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        var valid = purpose.Length is > 0 and <= MaxInternalLength - 9 &&
                    purpose.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
        if (!valid)
            throw new ArgumentException(
                "An internal queue purpose is 1–190 characters of letters, digits, '-', '_', '.' and ':'.", nameof(purpose));
        return InternalPrefix + purpose;
    }

    public static string Arn(QueueEngineOptions options, string name) => $"arn:aws:sqs:{options.Region}:{options.AccountId}:{name}";

    public static string Url(QueueEngineOptions options, string name) =>
        $"{options.EndpointUrl.TrimEnd('/')}/{options.AccountId}/{name}";

    /// <summary>The queue name a reference points at: a plain name, a queue URL (any host — clients
    /// reach us as localhost, 127.0.0.1 or a container name) or an ARN. Null when a URL or ARN names
    /// an internal queue or is malformed.</summary>
    public static string? FromReference(string reference)
    {
        if (reference.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = reference.Split(':', 6);
            return parts.Length == 6 && parts[2] == "sqs" && !IsInternal(parts[5]) && parts[5].Length > 0 ? parts[5] : null;
        }

        if (reference.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
            reference.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(reference, UriKind.Absolute, out var uri))
                return null;
            var path = uri.AbsolutePath.TrimEnd('/');
            var name = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
            return name.Length == 0 || IsInternal(name) ? null : name;
        }

        return reference;
    }

    private static bool IsPlain(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
            return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
                return false;
        }

        return true;
    }
}
