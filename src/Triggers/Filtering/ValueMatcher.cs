using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary>One entry of a pattern's matcher array, tested against one leaf value of the event
/// (a string, number, boolean or null — never an object or array: those are flattened first).</summary>
internal abstract class ValueMatcher
{
    public abstract bool Matches(JsonElement leaf);

    /// <summary>Whether the matcher accepts a field that has no leaf value at all (absent, an
    /// object, or an empty array); only <c>{"exists": false}</c> does.</summary>
    public virtual bool MatchesMissing => false;
}
