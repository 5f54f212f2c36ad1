using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary>
/// One Lambda filter pattern (EventBridge content-filtering syntax), compiled once and matched
/// against many records. Fields AND, the matchers of one field OR, nested objects match nested
/// fields, an event array matches when any element does. For Lambda the subject is the record
/// built by <see cref="FilterSubject"/>.
/// </summary>
public sealed class EventPattern
{
    private readonly ObjectPattern _root;

    private EventPattern(ObjectPattern root, string source)
    {
        _root = root;
        Source = source;
    }

    /// <summary>The pattern text it was parsed from.</summary>
    public string Source { get; }

    /// <exception cref="FormatException">The pattern is not one Lambda accepts; the message starts
    /// with Lambda's "Invalid filter pattern definition." and says what is wrong.</exception>
    public static EventPattern Parse(string patternJson)
    {
        ArgumentNullException.ThrowIfNull(patternJson);
        return new EventPattern(PatternParser.Parse(patternJson), patternJson);
    }

    public bool Matches(JsonElement json) => _root.Matches(json);

    public override string ToString() => Source;
}
