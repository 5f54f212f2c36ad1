using System.Globalization;
using System.Runtime.InteropServices;

namespace Platform.Runtime.Processes;

/// <summary>
/// The function process groups this platform started, one file each under the data directory, so
/// that after a crash (SIGKILL of the platform) the next start ends the old ones before anything is
/// redelivered: otherwise they finish their in-flight invocations anyway and an event runs twice.
/// A file holds the group leader's start time (field 22 of /proc/PID/stat), so a recycled PID is
/// never killed by mistake.
/// </summary>
internal sealed class ProcessGroupLedger(string? directory)
{
    public static ProcessGroupLedger None { get; } = new(null);

    public void Record(int processGroup, string function)
    {
        if (directory is null || StartTime(processGroup) is not { } started)
            return;
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, processGroup.ToString(CultureInfo.InvariantCulture)), $"{started} {function}\n");
    }

    public void Forget(int processGroup)
    {
        if (directory is not null)
            File.Delete(Path.Combine(directory, processGroup.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Kills every recorded group whose leader is still the process that was recorded; clears the ledger.</summary>
    /// <returns>The functions whose leftover processes were ended.</returns>
    public IReadOnlyList<string> EndLeftovers()
    {
        var ended = new List<string>();
        if (directory is null || !Directory.Exists(directory))
            return ended;
        foreach (var file in Directory.GetFiles(directory))
        {
            if (int.TryParse(Path.GetFileName(file), NumberStyles.None, CultureInfo.InvariantCulture, out var group))
            {
                var recorded = File.ReadAllText(file).Split(' ', 2);
                if (StartTime(group) is { } started && started == recorded[0])
                {
                    kill(-group, 9);
                    ended.Add(recorded.Length > 1 ? recorded[1].Trim() : "?");
                }
            }

            File.Delete(file);
        }

        return ended;
    }

    private static string? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? fields[19] : null; // field 22 overall; fields here start at 3
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
