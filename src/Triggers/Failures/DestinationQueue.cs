namespace Platform.Triggers.Failures;

/// <summary>Turns an on-failure destination as users write it — a queue name, an SQS ARN
/// (<c>arn:aws:sqs:{region}:{account}:{name}</c>) or a queue URL — into the emulator's queue name.</summary>
public static class DestinationQueue
{
    public static string ResolveName(string destination)
    {
        var value = destination.Trim();
        if (value.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = value.Split(':');
            if (parts.Length != 6 || parts[2] != "sqs" || parts[5].Length == 0)
                throw new ArgumentException($"'{destination}' is not an SQS queue ARN (arn:aws:sqs:region:account:name).", nameof(destination));
            return parts[5];
        }

        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
            value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return value.TrimEnd('/')[(value.TrimEnd('/').LastIndexOf('/') + 1)..];

        return value;
    }
}
