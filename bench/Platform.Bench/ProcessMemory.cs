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

    /// <summary>CPU time (user + system) a process has used, in milliseconds. On a machine shared with
    /// other work, the CPU a request costs the server is a steadier figure than requests per second.</summary>
    public static double CpuMs(int pid)
    {
        // /proc/pid/stat: fields 14 and 15 (utime, stime) in clock ticks, after the parenthesized name.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) * 1000.0 / 100;
    }
}
