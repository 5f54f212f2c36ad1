namespace Platform.Emulators.State;

/// <summary>
/// Where the platform keeps its state: one SQLite database plus object bodies as files.
/// Body file names are generated, never derived from user input, so no key can reach a path
/// outside this directory.
/// </summary>
public sealed class DataDirectory : IDisposable
{
    private readonly bool _deleteOnDispose;

    private DataDirectory(string root, bool ephemeral)
    {
        Root = Path.GetFullPath(root);
        IsEphemeral = ephemeral;
        _deleteOnDispose = ephemeral;
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(BodiesPath);
        Directory.CreateDirectory(TempPath);
    }

    public string Root { get; }

    /// <summary>True for <c>--in-memory</c>: state lives in a throw-away directory (tmpfs when the
    /// machine has one) and is not synced; it disappears with the process.</summary>
    public bool IsEphemeral { get; }

    public string DatabasePath => Path.Combine(Root, "platform.db");
    public string BodiesPath => Path.Combine(Root, "bodies");
    public string TempPath => Path.Combine(Root, "tmp");

    public static DataDirectory Open(string path) => new(path, ephemeral: false);

    public static DataDirectory CreateEphemeral()
    {
        var parent = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        return new DataDirectory(Path.Combine(parent, "platform-" + Guid.NewGuid().ToString("N")), ephemeral: true);
    }

    /// <summary>A fresh, unique path in the temp folder for a body being written.</summary>
    public string NewTempFile() => Path.Combine(TempPath, Guid.NewGuid().ToString("N"));

    /// <summary>The path of a stored body, by its generated id.</summary>
    public string BodyPath(string bodyId)
    {
        if (bodyId.Length != 32 || !bodyId.All(Uri.IsHexDigit))
            throw new ArgumentException("Body ids are generated 32-digit hex strings.", nameof(bodyId));
        return Path.Combine(BodiesPath, bodyId);
    }

    public static string NewBodyId() => Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        if (_deleteOnDispose)
        {
            try { Directory.Delete(Root, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
