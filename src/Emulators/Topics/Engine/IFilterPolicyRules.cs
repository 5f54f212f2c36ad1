namespace Platform.Emulators.Topics.Engine;

/// <summary>
/// Checks a subscription's FilterPolicy the way SNS does when it is set (syntax, 5 keys, 150
/// combinations, size). The matcher that understands the syntax is the triggers' shared
/// EventBridge-style one, and dependencies point Triggers → Emulators, so the triggers supply this
/// (<c>Sources/Sns/SnsFilterPolicyRules</c>) rather than the matcher moving — the same matcher then
/// evaluates the policy at delivery, which also runs there.
/// </summary>
public interface IFilterPolicyRules
{
    /// <summary>Null when valid; otherwise the reason, after SNS's "Invalid parameter: FilterPolicy: ".</summary>
    string? Validate(string filterPolicy, string scope);
}
