using System.Runtime.CompilerServices;

namespace Platform.Tests.Runtime;

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Built with the host, which the test project references.</summary>
    public static string ObjectSummaryAssembly => Path.Combine(Root, "samples", "ObjectSummary", "bin", "function", "ObjectSummary.dll");

    private static string FindRoot()
    {
        // From the test's output folder, or else from where this source file was compiled.
        foreach (var start in new[] { AppContext.BaseDirectory, SourceDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
                    return dir.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln not found above " + AppContext.BaseDirectory);
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
