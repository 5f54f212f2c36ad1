namespace Platform.Bench;

internal static class ProcessMemory
{
    /// <summary>A process's resident set (VmRSS) in MiB.</summary>
    public static double ResidentMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
        }

        return double.NaN;
    }
}
