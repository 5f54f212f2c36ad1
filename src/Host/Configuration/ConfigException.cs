namespace Platform.Host.Configuration;

/// <summary>A configuration error: names the file, the line and the fix. The platform does not
/// start half-configured.</summary>
public sealed class ConfigException(string file, int line, string message)
    : Exception(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
}
