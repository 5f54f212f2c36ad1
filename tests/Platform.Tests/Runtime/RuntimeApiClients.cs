namespace Platform.Tests.Runtime;

/// <summary>Runtime API clients nobody here wrote, copied to a temporary folder per test (tests
/// change files there: hot reload, gates).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class RuntimeApiClients
{
    public static string BashTutorial => Path.Combine(RepositoryPaths.Root, "tests", "clients", "runtime-api", "bash-tutorial");

    public static DirectoryInfo CopyOf(string source)
    {
        var target = Directory.CreateTempSubdirectory("runtime-api-");
        foreach (var file in Directory.GetFiles(source))
        {
            var copy = Path.Combine(target.FullName, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, File.GetUnixFileMode(file));
        }

        return target;
    }
}
