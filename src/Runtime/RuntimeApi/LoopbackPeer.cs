using System.Globalization;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Platform.Runtime.RuntimeApi;

/// <summary>
/// Which process is on the other end of a loopback connection, from /proc: the client's socket is
/// the row of /proc/net/tcp whose local port is the connection's remote port and whose remote port
/// is ours; its inode is a <c>socket:[inode]</c> link under some process's /proc/PID/fd.
/// </summary>
/// <remarks>
/// Why: the Runtime API listens on a loopback port any local process can find (/proc/net/tcp), and
/// a foreign caller could take an invocation or answer it. Only members of the execution
/// environment's process group are searched (a handful of processes), and the answer is kept for
/// the connection's lifetime, so a runtime's keep-alive connection pays for it once.
/// </remarks>
internal static class LoopbackPeer
{
    private static readonly object Verdict = new();

    /// <summary>True when the caller is a process of <paramref name="processGroup"/>.</summary>
    public static bool IsInProcessGroup(HttpContext http, int processGroup)
    {
        var items = http.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is not null && items.TryGetValue(Verdict, out var cached) && cached is bool known)
            return known;
        var verdict = Check(http.Connection.RemotePort, http.Connection.LocalPort, processGroup);
        if (items is not null)
            items[Verdict] = verdict;
        return verdict;
    }

    private static bool Check(int clientPort, int serverPort, int processGroup)
    {
        var inode = ClientSocketInode(clientPort, serverPort);
        if (inode is null)
            return false;
        var link = $"socket:[{inode}]";
        foreach (var pid in GroupMembers(processGroup))
        {
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
                {
                    if (new FileInfo(fd).LinkTarget == link)
                        return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // It exited meanwhile, or is not ours to inspect: not the caller.
            }
        }

        return false;
    }

    private static string? ClientSocketInode(int clientPort, int serverPort)
    {
        var local = ":" + clientPort.ToString("X4", CultureInfo.InvariantCulture);
        var remote = ":" + serverPort.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
                continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 9 && columns[1].EndsWith(local, StringComparison.Ordinal) && columns[2].EndsWith(remote, StringComparison.Ordinal)
                    && IsLoopback(columns[1]))
                    return columns[9];
            }
        }

        return null;
    }

    private static bool IsLoopback(string address) =>
        address.StartsWith("0100007F", StringComparison.Ordinal) // 127.0.0.1 (little-endian hex)
        || address.StartsWith("0000000000000000FFFF00000100007F", StringComparison.Ordinal)
        || address.StartsWith("00000000000000000000000001000000", StringComparison.Ordinal);

    private static IEnumerable<int> GroupMembers(int processGroup)
    {
        yield return processGroup;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == processGroup)
                continue;
            if (ProcessGroupOf(pid) == processGroup)
                yield return pid;
        }
    }

    /// <summary>The process group of <paramref name="pid"/> (field 5 of /proc/PID/stat), or null if it is gone.</summary>
    public static int? ProcessGroupOf(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 2 && int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group) ? group : null;
    }
}
