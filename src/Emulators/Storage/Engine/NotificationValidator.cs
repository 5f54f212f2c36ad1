namespace Platform.Emulators.Storage.Engine;

/// <summary>PutBucketNotificationConfiguration's checks, in S3's words.</summary>
public static class NotificationValidator
{
    /// <summary>Turns S3Key FilterRules into the prefix/suffix pair, rejecting what S3 rejects.</summary>
    public static (string? Prefix, string? Suffix) ParseFilterRules(IEnumerable<(string Name, string Value)> rules)
    {
        string? prefix = null, suffix = null;
        foreach (var (name, value) in rules)
        {
            if (string.Equals(name, "prefix", StringComparison.OrdinalIgnoreCase))
            {
                if (prefix is not null)
                    throw StorageErrors.InvalidArgument("Cannot specify more than one prefix rule in a filter.", "FilterRule", name);
                prefix = value;
            }
            else if (string.Equals(name, "suffix", StringComparison.OrdinalIgnoreCase))
            {
                if (suffix is not null)
                    throw StorageErrors.InvalidArgument("Cannot specify more than one suffix rule in a filter.", "FilterRule", name);
                suffix = value;
            }
            else
            {
                throw StorageErrors.InvalidArgument("filter rule name must be either prefix or suffix", "FilterRule", name);
            }
        }

        return (prefix, suffix);
    }

    /// <summary>Validates a whole configuration and fills in missing Ids. Throws InvalidArgument.
    /// Queue and topic destinations need <paramref name="destinations"/>; without it none validates.</summary>
    public static NotificationConfiguration Validate(NotificationConfiguration configuration, IFunctionDirectory functions,
        INotificationDestinations? destinations = null)
    {
        var unknown = new List<(string Arn, string Reason)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lambdas = configuration.LambdaFunctionConfigurations.Select(e => Normalize(e, ids)).ToList();
        var queues = configuration.QueueConfigurations.Select(e => Normalize(e, ids)).ToList();
        var topics = configuration.TopicConfigurations.Select(e => Normalize(e, ids)).ToList();
        foreach (var entry in lambdas)
        {
            if (string.IsNullOrEmpty(entry.FunctionArn) || !functions.FunctionExists(entry.FunctionArn))
                unknown.Add((entry.FunctionArn, $"Not authorized to invoke function [{entry.FunctionArn}]"));
        }

        foreach (var entry in queues)
        {
            if (destinations is null || string.IsNullOrEmpty(entry.QueueArn) || !destinations.QueueExists(entry.QueueArn))
                unknown.Add((entry.QueueArn, "Permissions on the destination queue do not allow S3 to publish notifications from this bucket"));
        }

        foreach (var entry in topics)
        {
            if (destinations is null || string.IsNullOrEmpty(entry.TopicArn) || !destinations.TopicExists(entry.TopicArn))
                unknown.Add((entry.TopicArn, "Permissions on the destination topic do not allow S3 to publish notifications from this bucket"));
        }

        // Overlap is checked across every kind: S3 refuses a queue and a function that share an event.
        var result = new NotificationConfiguration(lambdas)
        {
            QueueConfigurations = queues,
            TopicConfigurations = topics,
            EventBridge = configuration.EventBridge,
        };
        var all = result.Entries.ToList();
        for (var i = 0; i < all.Count; i++)
        {
            for (var j = i + 1; j < all.Count; j++)
            {
                if (Overlap(all[i], all[j]))
                    throw StorageErrors.InvalidArgument(
                        "Configurations overlap. Configurations on the same bucket cannot share a common event type.",
                        "Event", string.Join(", ", all[i].Events));
            }
        }

        if (unknown.Count > 0)
        {
            // S3 lists each destination it could not validate as ArgumentNameN/ArgumentValueN.
            var details = new Dictionary<string, string>();
            for (var i = 0; i < unknown.Count; i++)
            {
                details[$"ArgumentName{i + 1}"] = unknown[i].Arn;
                details[$"ArgumentValue{i + 1}"] = unknown[i].Reason;
            }

            throw new StorageException("InvalidArgument", "Unable to validate the following destination configurations", 400, details);
        }

        return result;
    }

    /// <summary>The checks every entry shares: events named and known, Id unique (filled in when
    /// absent), empty filter values as none.</summary>
    private static T Normalize<T>(T entry, HashSet<string> ids) where T : NotificationEntry
    {
        if (entry.Events.Count == 0)
            throw StorageErrors.InvalidArgument("A notification configuration must name at least one event.", "Event", "");
        foreach (var e in entry.Events)
        {
            if (!S3EventTypes.IsValid(e))
                throw StorageErrors.InvalidArgument("The event is not supported for notifications", "Event", e);
        }

        var normalized = (NotificationEntry)entry with
        {
            Id = string.IsNullOrEmpty(entry.Id) ? NewId() : entry.Id,
            Prefix = string.IsNullOrEmpty(entry.Prefix) ? null : entry.Prefix,
            Suffix = string.IsNullOrEmpty(entry.Suffix) ? null : entry.Suffix,
        };
        if (!ids.Add(normalized.Id))
            throw StorageErrors.InvalidArgument("Configuration Ids must be unique within a bucket.", "Id", normalized.Id);
        return (T)normalized;
    }

    /// <summary>S3 rejects two configurations that could both select one event: a shared event type,
    /// prefixes where one starts the other, suffixes where one ends the other.</summary>
    public static bool Overlap(NotificationEntry a, NotificationEntry b)
    {
        var sharedEvent = a.Events.Any(x => b.Events.Any(y => S3EventTypes.Share(x, y)));
        if (!sharedEvent)
            return false;
        var prefixes = a.Prefix is null || b.Prefix is null
            || a.Prefix.StartsWith(b.Prefix, StringComparison.Ordinal) || b.Prefix.StartsWith(a.Prefix, StringComparison.Ordinal);
        var suffixes = a.Suffix is null || b.Suffix is null
            || a.Suffix.EndsWith(b.Suffix, StringComparison.Ordinal) || b.Suffix.EndsWith(a.Suffix, StringComparison.Ordinal);
        return prefixes && suffixes;
    }

    private static string NewId() => "config-" + Guid.NewGuid().ToString("N")[..20];
}
