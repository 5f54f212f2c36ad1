namespace Platform.Host.Composition;

/// <summary>How this platform starts itself as a .NET function's process (`platform function-host`).</summary>
internal static class FunctionHostCommand
{
    public static IReadOnlyList<string> Resolve()
    {
        var dll = typeof(FunctionHostCommand).Assembly.Location;
        var self = Environment.ProcessPath;
        // Started through its apphost (`platform`): itself. Otherwise (`dotnet platform.dll`, a test
        // host) the muxer with this assembly.
        if (self is not null && Path.GetFileNameWithoutExtension(self) == Path.GetFileNameWithoutExtension(dll))
            return [self, "function-host"];
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
                     ?? (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet");
        return [dotnet, dll, "function-host"];
    }
}
