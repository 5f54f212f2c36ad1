namespace Platform.Host.Lambda;

/// <summary>One statement of a function's resource policy, kept as the JSON Lambda returns.</summary>
internal sealed record PolicyStatement(string Sid, string Qualifier, string Json);
