using System.Diagnostics;

namespace Platform.Runtime.Processes;

/// <summary>
/// Lambda's code folder (/var/task) is read-only to the function. Here a function process gets a
/// private mount namespace (an unprivileged user namespace, <c>unshare</c>) in which its code folder
/// is bind-mounted read-only — so a function cannot change its own code, and a function that writes
/// a log or cache into its folder gets EROFS, as on Lambda, instead of hot-reloading itself. Its
/// TMPDIR stays writable even when it lies inside the code folder. Decided once per machine: where
/// user namespaces are not allowed the folder stays writable (and /_platform says so).
/// </summary>
internal sealed class CodeFolderIsolation
{
    private const string Unshare = "/usr/bin/unshare";

    // $0 = the code folder, $1 = the writable TMPDIR, then the command. A TMPDIR inside the code folder
    // is bound first so the recursive bind of the code folder carries it, and only the top mount
    // becomes read-only; otherwise one read-only bind (each `mount` is a process: a cold start pays).
    private const string Script = """mount --bind "$1" "$1" && mount --rbind "$0" "$0" && mount -o remount,bind,ro "$0"; shift 1; exec "$@" """;
    private const string SimpleScript = """mount --bind -o ro "$0" "$0"; shift 1; exec "$@" """;

    private static readonly Lazy<CodeFolderIsolation> Instance = new(Detect);

    private CodeFolderIsolation(bool enforced, string description)
    {
        Enforced = enforced;
        Description = description;
    }

    public static CodeFolderIsolation Detected => Instance.Value;

    public bool Enforced { get; }

    public string Description { get; }

    /// <summary>The arguments that run a command with <paramref name="spec"/>'s code folder read-only (none when not possible).</summary>
    public IEnumerable<string> Prefix(ProcessSpec spec) =>
        Enforced && spec.ReadOnlyDirectory is { } code && spec.TempDirectory is { } temp
            ? [Unshare, "--user", "--map-current-user", "--mount", "--propagation", "private", "/bin/sh", "-c", Inside(temp, code) ? Script : SimpleScript, code, temp]
            : [];

    private static bool Inside(string path, string folder) =>
        Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static CodeFolderIsolation Detect()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Unshare) || !File.Exists("/bin/sh"))
            return new(false, "not read-only: unshare (util-linux) is missing");
        try
        {
            var probe = Directory.CreateTempSubdirectory("platform-ro-probe-");
            try
            {
                var start = new ProcessStartInfo(Unshare) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
                foreach (var argument in new[] { "--user", "--map-current-user", "--mount", "--propagation", "private", "/bin/sh", "-c", Script, probe.FullName, probe.FullName, "/bin/true" })
                    start.ArgumentList.Add(argument);
                using var process = Process.Start(start)!;
                var error = process.StandardError.ReadToEnd();
                process.WaitForExit(5000);
                return process.HasExited && process.ExitCode == 0 && error.Length == 0
                    ? new(true, "read-only (private mount namespace)")
                    : new(false, $"not read-only: user namespaces are not allowed here ({error.Trim()})");
            }
            finally
            {
                probe.Delete(recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or UnauthorizedAccessException)
        {
            return new(false, $"not read-only: {e.Message}");
        }
    }
}
