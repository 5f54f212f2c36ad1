using System.Text.Json;

namespace Platform.Emulators.Events.Engine;

/// <summary>
/// The EventBridge pattern matcher the engine uses for rules and TestEventPattern. The matcher itself
/// is the platform's one pattern implementation (<c>Triggers/Filtering</c>, shared with Lambda's
/// FilterCriteria and SNS filter policies); the dependency points Triggers → Emulators, so the
/// engine names what it needs here and the trigger module supplies it.
/// </summary>
public interface IEventPatternMatcher
{
    /// <summary>Throws <see cref="FormatException"/> whose message is the reason the pattern is invalid.</summary>
    void Validate(string pattern);

    bool Matches(string pattern, JsonElement @event);
}
