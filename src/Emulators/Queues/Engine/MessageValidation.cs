using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Emulators.Queues.Engine;

/// <summary>SQS's rules for a message: allowed characters, message attributes, size (body plus
/// every attribute's name, type and value), delay, and the FIFO parameters.</summary>
internal static partial class MessageValidation
{
    public const int MaxAttributes = 10;
    private const int MaxDelaySeconds = 900;
    private const int MaxIdLength = 128;

    public static PreparedMessage Prepare(OutgoingMessage message, QueueSettings settings)
    {
        if (string.IsNullOrEmpty(message.Body))
            throw QueueErrors.MissingParameter("MessageBody");
        if (FindInvalidCharacter(message.Body) is { } bad)
            throw QueueErrors.InvalidMessageContents(bad);

        var attributes = message.MessageAttributes;
        var size = Encoding.UTF8.GetByteCount(message.Body) + ValidateAttributes(attributes);
        if (size > settings.MaximumMessageSize)
            throw QueueErrors.InvalidParameterValue(
                $"One or more parameters are invalid. Reason: Message must be shorter than {settings.MaximumMessageSize} bytes.");

        long delayMs;
        if (message.Delay is { } delay)
        {
            if (delay < TimeSpan.Zero || delay > TimeSpan.FromSeconds(MaxDelaySeconds))
                throw QueueErrors.InvalidParameter("DelaySeconds", Seconds(delay),
                    "DelaySeconds must be >= 0 and <= 900.");
            // FIFO queues only have the queue's delay; an explicit zero asks for nothing, so let it pass.
            if (settings.Fifo && delay != TimeSpan.Zero)
                throw QueueErrors.InvalidParameter("DelaySeconds", Seconds(delay),
                    "The request include parameter that is not valid for this queue type");
            delayMs = (long)delay.TotalMilliseconds;
        }
        else
        {
            delayMs = settings.DelaySeconds * 1000L;
        }

        string? groupId = message.MessageGroupId, dedupId = message.MessageDeduplicationId;
        if (groupId is not null)
            ValidateId("MessageGroupId", groupId);
        if (settings.Fifo)
        {
            if (groupId is null)
                throw QueueErrors.MissingParameter("MessageGroupId");
            if (dedupId is not null)
                ValidateId("MessageDeduplicationId", dedupId);
            else if (settings.ContentBasedDeduplication)
                dedupId = MessageDigest.Sha256OfBody(message.Body);
            else
                throw QueueErrors.InvalidParameterValue(
                    "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
        }
        else if (dedupId is not null)
        {
            throw QueueErrors.InvalidParameter("MessageDeduplicationId", dedupId,
                "The request include parameter that is not valid for this queue type");
        }

        return new PreparedMessage(
            Guid.NewGuid().ToString(),
            message.Body,
            MessageDigest.Md5OfBody(message.Body),
            MessageDigest.Md5OfMessageAttributes(attributes),
            MessageAttributeCodec.Encode(attributes),
            delayMs,
            groupId,
            dedupId,
            size)
        {
            // Read here, on the sender's thread: the writer thread has no trace of its own.
            TraceHeader = message.TraceHeader ?? Platform.Emulators.Edge.XRayTraceHeader.Current(),
        };
    }

    /// <summary>The first code point outside #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD |
    /// #x10000–#x10FFFF (lone surrogates included), or null.</summary>
    public static int? FindInvalidCharacter(string text)
    {
        // Nearly every body is all in #x20–#xD7FF: one vectorized scan settles it.
        var span = text.AsSpan();
        var start = span.IndexOfAnyExceptInRange('\u0020', '\uD7FF');
        if (start < 0)
            return null;
        for (var i = start; i < span.Length; i++)
        {
            var c = span[i];
            if (c is '\t' or '\n' or '\r' || c is >= '\u0020' and <= '\uD7FF' || c is >= '\uE000' and <= '\uFFFD')
                continue;
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
                continue;
            }

            return c;
        }

        return null;
    }

    /// <summary>Validates the attributes and returns the bytes they add to the message size.</summary>
    private static int ValidateAttributes(IReadOnlyDictionary<string, MessageAttributeValue> attributes)
    {
        if (attributes.Count == 0)
            return 0;
        if (attributes.Count > MaxAttributes)
            throw QueueErrors.InvalidParameterValue(
                $"Number of message attributes [{attributes.Count}] exceeds the allowed maximum [{MaxAttributes}].");

        var size = 0;
        foreach (var (name, value) in attributes)
        {
            if (string.IsNullOrEmpty(name))
                throw QueueErrors.InvalidParameterValue("The request must contain non-empty message attribute name.");
            if (!IsValidAttributeName(name))
                throw QueueErrors.InvalidParameterValue(
                    $"Message (user) attribute name '{name}' is invalid. The attribute name can contain only alphanumeric characters, hyphens, underscores and periods, must not start or end with a period or contain consecutive periods, must not start with 'AWS.' or 'Amazon.', and is at most 256 characters long.");
            if (string.IsNullOrEmpty(value.DataType))
                throw QueueErrors.InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute type.");
            if (!DataTypePattern().IsMatch(value.DataType) || value.DataType.Length > 256)
                throw QueueErrors.InvalidParameterValue(
                    $"The type of message (user) attribute '{name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");

            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value.DataType);
            if (MessageDigest.IsBinary(value.DataType))
            {
                if (value.BinaryValue is not { Length: > 0 } binary || value.StringValue is not null)
                    throw NonEmptyValue(name, value.DataType);
                size += binary.Length;
                continue;
            }

            if (string.IsNullOrEmpty(value.StringValue) || value.BinaryValue is not null)
                throw NonEmptyValue(name, value.DataType);
            if (FindInvalidCharacter(value.StringValue) is { } bad)
                throw QueueErrors.InvalidParameterValue(
                    $"Message (user) attribute '{name}' value contains invalid binary character '#x{bad:X}'.");
            if (value.DataType.StartsWith("Number", StringComparison.Ordinal) && !IsSqsNumber(value.StringValue))
                throw QueueErrors.InvalidParameterValue($"Can't cast the value of message (user) attribute '{name}' to a number.");
            size += Encoding.UTF8.GetByteCount(value.StringValue);
        }

        return size;
    }

    private static QueueException NonEmptyValue(string name, string dataType) =>
        QueueErrors.InvalidParameterValue(
            $"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{dataType}'.");

    private static bool IsValidAttributeName(string name)
    {
        if (name.Length > 256 || name[0] == '.' || name[^1] == '.' || name.Contains("..", StringComparison.Ordinal) ||
            name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) ||
            name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase))
            return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-' and not '.')
                return false;
        }

        return true;
    }

    /// <summary>SQS numbers: up to 38 significant digits, from 10^-128 to 10^+126.</summary>
    private static bool IsSqsNumber(string value)
    {
        var match = NumberPattern().Match(value);
        if (!match.Success)
            return false;
        var allDigits = match.Groups["int"].Value + match.Groups["frac"].Value;
        if (allDigits.Length == 0)
            return false;
        var digits = allDigits.TrimStart('0');
        if (digits.TrimEnd('0').Length > 38)
            return false;
        if (digits.Length == 0)
            return true;
        var exponent = match.Groups["exp"].Success
            ? int.TryParse(match.Groups["exp"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e) ? e : int.MaxValue
            : 0;
        if (exponent == int.MaxValue)
            return false;
        // Position of the leading significant digit as a power of ten.
        var magnitude = match.Groups["int"].Value.TrimStart('0').Length is var intDigits and > 0
            ? intDigits - 1 + exponent
            : -(match.Groups["frac"].Value.Length - match.Groups["frac"].Value.TrimStart('0').Length) - 1 + exponent;
        return magnitude is >= -128 and <= 126;
    }

    private static void ValidateId(string parameter, string id)
    {
        if (id.Length is 0 or > MaxIdLength || !id.All(c => c is >= '!' and <= '~'))
            throw QueueErrors.InvalidParameter(parameter, id,
                $"{parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.");
    }

    private static string Seconds(TimeSpan delay) => ((long)delay.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(String|Number|Binary)(\.[A-Za-z0-9_.\-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DataTypePattern();

    [GeneratedRegex(@"^[+-]?(?<int>\d*)(\.(?<frac>\d*))?([eE](?<exp>[+-]?\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
