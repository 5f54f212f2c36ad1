namespace Platform.Runtime.Processes;

/// <summary>
/// How a function process's memory setting is enforced on this machine, decided once.
/// </summary>
/// <remarks>
/// <c>prlimit --data</c> (RLIMIT_DATA) rather than RLIMIT_AS: Node's V8 and .NET reserve tens of
/// gigabytes of address space up front, so an address-space limit of a Lambda-sized 128–10240 MB
/// stops them before their first line (measured: CoreCLR fails with E_OUTOFMEMORY, node exits
/// silently under --as=256M), while RLIMIT_DATA counts only memory made writable — what the
/// function actually uses. A cgroup v2 memory.max would also count the page cache and children
/// as a whole; this machine's memory controller is cgroup v1, so that path is not implemented.
/// </remarks>
internal sealed class MemoryLimiter
{
    private const string Prlimit = "/usr/bin/prlimit";

    private MemoryLimiter(bool enforced, string description)
    {
        Enforced = enforced;
        Description = description;
    }

    public static MemoryLimiter Detected { get; } = Detect();

    public bool Enforced { get; }

    /// <summary>Shown in /_platform and logged at start, so a user knows whether <c>memory</c> is a limit here.</summary>
    public string Description { get; }

    /// <summary>The arguments that run the command under the limit (empty when not enforced).</summary>
    public IEnumerable<string> Prefix(int memoryMb) =>
        Enforced ? [Prlimit, $"--data={(long)memoryMb * 1024 * 1024}", "--"] : [];

    private static MemoryLimiter Detect()
    {
        if (!OperatingSystem.IsLinux())
            return new MemoryLimiter(false, "not enforced: prlimit is Linux-only");
        if (!File.Exists(Prlimit))
            return new MemoryLimiter(false, "not enforced: /usr/bin/prlimit (util-linux) is missing");
        return new MemoryLimiter(true, "RLIMIT_DATA via prlimit");
    }
}
