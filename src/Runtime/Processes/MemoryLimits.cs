namespace Platform.Runtime.Processes;

/// <summary>How function processes' memory limits are enforced here, for /_platform and start-up logs.</summary>
public static class MemoryLimits
{
    public static string Description => MemoryLimiter.Detected.Description;

    public static bool Enforced => MemoryLimiter.Detected.Enforced;
}
