namespace Platform.Emulators.Events.Engine;

/// <summary>One PutEvents entry's outcome: an EventId, or ErrorCode and ErrorMessage.</summary>
public sealed record PutEventResult(string? EventId, string? ErrorCode = null, string? ErrorMessage = null)
{
    public bool Failed => ErrorCode is not null;

    public static PutEventResult Error(string code, string message) => new(null, code, message);
}
