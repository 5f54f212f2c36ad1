namespace Platform.Triggers.Pollers;

public enum PollResult
{
    /// <summary>Work was done: poll again right away.</summary>
    DidWork,

    /// <summary>Caught up: wait for work before polling again.</summary>
    Idle,
}
