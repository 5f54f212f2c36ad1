namespace Platform.Host.Configuration;

/// <summary>A queue to create at start, with SQS attribute names (VisibilityTimeout, …).</summary>
public sealed record QueueDeclaration(string Name, IReadOnlyDictionary<string, string> Attributes);
