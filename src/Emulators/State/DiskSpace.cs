namespace Platform.Emulators.State;

/// <summary>
/// Keeps a full disk from locking the platform up. At start it fills a reserve file in the data
/// directory; when a write fails for lack of space the reserve is released, so deletes (which SQLite
/// must journal too) have room to run, and other writes are refused up front until the disk has
/// room again — checked at most once a second, and the reserve taken back before writes resume.
/// </summary>
public sealed class DiskSpace
{
    public const long ReserveBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private readonly string _reservePath;
    private readonly string _root;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private volatile bool _full;
    private DateTimeOffset _lastCheck;

    public DiskSpace(DataDirectory directory, TimeProvider time)
    {
        _root = directory.Root;
        _reservePath = Path.Combine(directory.Root, "disk-reserve");
        _time = time;
        _full = !TryFillReserve();
    }

    /// <summary>True while writes other than deletes are refused.</summary>
    public bool IsFull
    {
        get
        {
            if (!_full)
                return false;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                if (now - _lastCheck >= RecheckInterval)
                {
                    _lastCheck = now;
                    if (AvailableBytes() >= 2 * ReserveBytes && TryFillReserve())
                        _full = false;
                }
            }

            return _full;
        }
    }

    /// <summary>True when the disk has less room than the reserve: an IOException then is a full disk,
    /// whatever its code (.NET reports a failed preallocation without ENOSPC).</summary>
    public bool HasLittleRoom => AvailableBytes() < ReserveBytes;

    /// <summary>A write failed for lack of space: release the reserve for the deletes that free space.</summary>
    public void ReportFull()
    {
        lock (_gate)
        {
            _full = true;
            _lastCheck = _time.GetUtcNow();
            try
            {
                File.Delete(_reservePath);
            }
            catch (IOException)
            {
            }
        }
    }

    private long AvailableBytes()
    {
        try
        {
            return new DriveInfo(_root).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return long.MaxValue; // unknown: do not block writes on a guess
        }
    }

    /// <summary>Writes the reserve with real bytes: a sparse file (SetLength) would hold no space on tmpfs or ext4.</summary>
    private bool TryFillReserve()
    {
        try
        {
            if (File.Exists(_reservePath) && new FileInfo(_reservePath).Length == ReserveBytes)
                return true;
            using var file = new FileStream(_reservePath, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
            var block = new byte[64 * 1024];
            for (long written = 0; written < ReserveBytes; written += block.Length)
                file.Write(block);
            file.Flush(flushToDisk: false);
            return true;
        }
        catch (IOException)
        {
            try
            {
                File.Delete(_reservePath);
            }
            catch (IOException)
            {
            }

            return false;
        }
    }
}
