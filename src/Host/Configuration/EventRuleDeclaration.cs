namespace Platform.Host.Configuration;

/// <summary>An EventBridge rule platform.yaml declares — under `rules:`, or made from a function's
/// `- schedule:` / `- eventbridge:` trigger — put (created or replaced) at start and on reload.</summary>
public sealed record EventRuleDeclaration
{
    public required string Name { get; init; }
    public string? Bus { get; init; }

    /// <summary>The event pattern as JSON text.</summary>
    public string? Pattern { get; init; }
    public string? Schedule { get; init; }
    public required IReadOnlyList<EventTargetDeclaration> Targets { get; init; }
    public int Line { get; init; }
}

/// <summary>One target of a declared rule: an ARN (a function's, a queue's) and optionally a constant input.</summary>
public sealed record EventTargetDeclaration(string Id, string Arn, string? Input);
