using System.Collections.Concurrent;
using System.Text.Json;
using Platform.Emulators.Events.Engine;
using Platform.Triggers.Filtering;

namespace Platform.Triggers.Sources.EventBridge;

/// <summary>
/// The EventBridge engine's pattern matcher: the platform's one <see cref="EventPattern"/>
/// (Triggers/Filtering), compiled once per pattern text. The engine cannot reference Triggers
/// (dependencies point Triggers → Emulators), so it asks for <see cref="IEventPatternMatcher"/> and
/// this module supplies it; Lambda's FilterCriteria and SNS filter policies use the same matcher.
/// </summary>
public sealed class SharedEventPatternMatcher : IEventPatternMatcher
{
    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<string, EventPattern> _compiled = new(StringComparer.Ordinal);

    public void Validate(string pattern)
    {
        try
        {
            Compile(pattern);
        }
        catch (FormatException e)
        {
            // The shared parser speaks Lambda's words; EventBridge wraps the reason in its own.
            throw new FormatException(e.Message.StartsWith(PatternErrors.Prefix, StringComparison.Ordinal)
                ? e.Message[PatternErrors.Prefix.Length..].Trim()
                : e.Message, e);
        }
    }

    public bool Matches(string pattern, JsonElement @event) => Compile(pattern).Matches(@event);

    private EventPattern Compile(string pattern)
    {
        if (_compiled.TryGetValue(pattern, out var compiled))
            return compiled;
        compiled = EventPattern.Parse(pattern);
        if (_compiled.Count >= MaxCached)
            _compiled.Clear();
        _compiled[pattern] = compiled;
        return compiled;
    }
}
