using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary>A mapping's FilterCriteria compiled: a record passes when any pattern matches, and every
/// record passes when there are none.</summary>
public sealed class EventFilter
{
    public static readonly EventFilter None = new([]);

    private readonly EventPattern[] _patterns;

    private EventFilter(EventPattern[] patterns) => _patterns = patterns;

    public bool IsEmpty => _patterns.Length == 0;

    /// <exception cref="FormatException">A pattern is invalid (a mapping validates its patterns with <c>Mappings/FilterCriteriaRules</c> first).</exception>
    public static EventFilter Create(IReadOnlyList<string> patterns) =>
        patterns.Count == 0 ? None : new EventFilter([.. patterns.Select(EventPattern.Parse)]);

    public bool Matches(JsonElement subject)
    {
        if (_patterns.Length == 0)
            return true;
        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(subject))
                return true;
        }
        return false;
    }
}
