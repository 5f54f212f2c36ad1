using System.IO.Compression;
using System.Security.Cryptography;
using Platform.Emulators.State;

namespace Platform.Host.Lambda;

/// <summary>
/// Function and layer code under the data directory: <c>lambda/code/{id}/code.zip</c> as uploaded
/// (what GetFunction's Code.Location downloads) and <c>lambda/code/{id}/root/</c> extracted. A code
/// id is generated and its folder never changes once written, so a version keeps its code and
/// running invocations keep theirs while a new revision is extracted next to it.
/// </summary>
internal sealed class CodeArchive(DataDirectory data)
{
    public const long MaxDirectUploadBytes = 50L * 1024 * 1024;
    public const long MaxUnzippedBytes = 250L * 1024 * 1024;
    private const string BadZip = "Could not unzip uploaded file. Please check your file, then try to upload again.";

    private string Root => Path.Combine(data.Root, "lambda", "code");

    public string ZipPath(string codeId) => Path.Combine(Folder(codeId), "code.zip");

    public string ExtractedPath(string codeId) => Path.Combine(Folder(codeId), "root");

    /// <summary>Validates the zip and stores it with its extracted files; throws Lambda's errors and
    /// leaves nothing behind when the zip is refused.</summary>
    public StoredCode Store(byte[] zip)
    {
        var id = Guid.NewGuid().ToString("N");
        var folder = Folder(id);
        var staging = folder + ".partial";
        try
        {
            Extract(zip, Path.Combine(staging, "root"));
            File.WriteAllBytes(Path.Combine(staging, "code.zip"), zip);
            Directory.Move(staging, folder);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
        return new StoredCode(id, Convert.ToBase64String(SHA256.HashData(zip)), zip.LongLength);
    }

    public void Delete(string codeId) => TryDelete(Folder(codeId));

    /// <summary>Removes every stored code folder no record names (a crash between extracting and
    /// storing the record, or code replaced while invocations still ran from it).</summary>
    public void Collect(IReadOnlySet<string> referenced)
    {
        if (!Directory.Exists(Root))
            return;
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            if (!referenced.Contains(Path.GetFileName(folder)))
                TryDelete(folder);
        }
    }

    private string Folder(string codeId)
    {
        if (codeId.Length != 32 || !codeId.All(Uri.IsHexDigit))
            throw new ArgumentException("Code ids are generated 32-digit hex strings.", nameof(codeId));
        return Path.Combine(Root, codeId);
    }

    private static void Extract(byte[] zip, string target)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw LambdaException.InvalidParameter(BadZip);
        }

        using (archive)
        {
            long total = 0;
            var root = Path.GetFullPath(target) + Path.DirectorySeparatorChar;
            var entries = new List<(ZipArchiveEntry Entry, string Path)>();
            foreach (var entry in archive.Entries)
            {
                total += entry.Length;
                if (total > MaxUnzippedBytes)
                    throw LambdaException.InvalidParameter($"Unzipped size must be smaller than {MaxUnzippedBytes} bytes");
                var name = entry.FullName.Replace('\\', '/');
                if (name.StartsWith('/') || name.Split('/').Any(part => part == "..") || (name.Length > 1 && name[1] == ':'))
                    throw LambdaException.InvalidParameter($"{BadZip} The entry '{entry.FullName}' is an absolute path or leaves the function's folder.");
                var path = Path.GetFullPath(Path.Combine(root, name));
                if (!path.StartsWith(root, StringComparison.Ordinal) && path + Path.DirectorySeparatorChar != root)
                    throw LambdaException.InvalidParameter($"{BadZip} The entry '{entry.FullName}' leaves the function's folder.");
                entries.Add((entry, path));
            }

            Directory.CreateDirectory(root);
            try
            {
                foreach (var (entry, path) in entries)
                {
                    if (entry.FullName.EndsWith('/'))
                    {
                        Directory.CreateDirectory(path);
                        continue;
                    }
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    using (var source = entry.Open())
                    using (var file = File.Create(path))
                        source.CopyTo(file);
                    // The zip's Unix mode (a bootstrap's execute bit); files zipped without one are readable.
                    var mode = (UnixFileMode)((entry.ExternalAttributes >> 16) & 0x1FF);
                    if (!OperatingSystem.IsWindows())
                        File.SetUnixFileMode(path, mode == UnixFileMode.None ? (UnixFileMode)0x1A4 : mode | UnixFileMode.UserRead);
                }
            }
            catch (InvalidDataException)
            {
                throw LambdaException.InvalidParameter(BadZip);
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
