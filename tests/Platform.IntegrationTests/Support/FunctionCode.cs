namespace Platform.IntegrationTests.Support;

/// <summary>Function code from tests/clients (real Runtime API clients), copied into a test's own
/// folder: tests change files there (hot reload) and the platform writes nothing into the repository.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class FunctionCode
{
    public static string BashTutorial => Path.Combine(RepositoryPaths.Root, "tests", "clients", "runtime-api", "bash-tutorial");

    public static string CopyTo(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            var copy = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, copy, overwrite: true);
            File.SetUnixFileMode(copy, File.GetUnixFileMode(file));
        }

        return target;
    }

    /// <summary>Processes whose command line mentions <paramref name="text"/> (a test's folder):
    /// what a stopped platform must not leave behind.</summary>
    public static IReadOnlyList<string> ProcessesMentioning(string text) =>
        Directory.GetDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Select(d =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ');
                }
                catch (IOException)
                {
                    return "";
                }
                catch (UnauthorizedAccessException)
                {
                    return "";
                }
            })
            .Where(c => c.Contains(text, StringComparison.Ordinal) && !c.Contains("platform.dll", StringComparison.Ordinal))
            .ToList();
}
