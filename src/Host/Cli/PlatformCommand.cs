namespace Platform.Host.Cli;

internal static class PlatformCommand
{
    public static int Run(string[] args) => 0;
}
