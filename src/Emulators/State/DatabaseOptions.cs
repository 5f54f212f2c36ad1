namespace Platform.Emulators.State;

public sealed record DatabaseOptions
{
    /// <summary>Sync every commit to the disk (survives power loss). Without it a commit survives a
    /// crash of the process, which is what a 200 promises by default.</summary>
    public bool Fsync { get; init; }

    /// <summary>How many queued writes one transaction may carry (group commit).</summary>
    public int MaxWritesPerCommit { get; init; } = 512;
}
