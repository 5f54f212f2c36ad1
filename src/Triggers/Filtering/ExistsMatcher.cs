using System.Text.Json;

namespace Platform.Triggers.Filtering;

/// <summary>EventBridge's exists works on leaves only: a field whose value is an object or an empty
/// array does not "exist" for it.</summary>
internal sealed class ExistsMatcher(bool exists) : ValueMatcher
{
    public override bool Matches(JsonElement leaf) => exists;

    public override bool MatchesMissing => !exists;
}
