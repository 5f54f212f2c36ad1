namespace Platform.Triggers.Pollers;

/// <summary>A source that can say whether it is caught up: nothing ready at its source, nothing
/// taken and unsettled. Work that is not due yet (a retry after its delay, a message still
/// invisible) is not pending.</summary>
public interface IPendingWork
{
    /// <summary>Null when caught up; otherwise what is left, for a test's failure message
    /// (<c>async:resize: 1 event being invoked</c>).</summary>
    string? PendingWork();
}
