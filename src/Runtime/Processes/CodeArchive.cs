using System.IO.Compression;
using System.Security.Cryptography;
using Platform.Runtime.Invocation;

namespace Platform.Runtime.Processes;

/// <summary>
/// A function whose code is a .zip (platform.yaml's <c>code: ./fn.zip</c>) runs from a folder it is
/// extracted to under the data directory, one per content hash, so an unchanged zip is extracted
/// once and a changed one never changes the code under a running process. Entries that would land
/// outside that folder (<c>../</c>, absolute paths) refuse the whole zip.
/// </summary>
internal static class CodeArchive
{
    public static string Extract(string function, string zip, string stateDirectory)
    {
        string hash;
        using (var stream = File.OpenRead(zip))
            hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
        var target = Path.Combine(stateDirectory, "functions", function, "code", hash);
        if (Directory.Exists(target))
            return target;
        var staging = target + ".partial-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            // Unix permissions in the zip (a bootstrap's execute bit) are kept.
            ZipFile.ExtractToDirectory(zip, staging);
            Directory.Move(staging, target);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
            if (Directory.Exists(target))
                return target; // Another registration extracted the same zip meanwhile.
            throw new FunctionLoadException(function, $"its code '{zip}' cannot be extracted: {e.Message}");
        }

        return target;
    }
}
