namespace Platform.Triggers.Sources.Async;

/// <summary>requestContext.condition values of an async destination record.</summary>
public static class DestinationConditions
{
    public const string RetriesExhausted = "RetriesExhausted";
    public const string EventAgeExceeded = "EventAgeExceeded";

    /// <summary>An on-success destination's record.</summary>
    public const string Success = "Success";
}
