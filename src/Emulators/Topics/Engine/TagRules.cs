namespace Platform.Emulators.Topics.Engine;

/// <summary>SNS's tag limits: keys 1–128 characters, values up to 256, at most 50 per topic.</summary>
internal static class TagRules
{
    public static void Validate(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count > TopicEngine.MaxTags)
            throw new TopicException("TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded");
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw TopicErrors.InvalidParameter("Tags Reason: Tag key must be 1 to 128 characters and cannot start with aws:");
            if (value.Length > 256)
                throw TopicErrors.InvalidParameter("Tags Reason: Tag value must be 0 to 256 characters");
        }
    }
}
