using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Platform.Emulators.State;

/// <summary>Recognises "the disk is full" in the ways it surfaces: SQLITE_FULL from the database,
/// ENOSPC (or Windows' disk-full codes) from a body file being written.</summary>
public static class DiskFull
{
    private const int SqliteFull = 13;
    private const int Enospc = 28;
    private const int EdquotLinux = 122;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    public static bool Is(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DiskFullException:
                case SqliteException { SqliteErrorCode: SqliteFull }:
                    return true;
                case IOException io when IsDiskFullCode(io.HResult):
                    return true;
            }
        }

        return false;
    }

    private static bool IsDiskFullCode(int hresult) =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? hresult is WindowsDiskFull or WindowsHandleDiskFull
            : hresult is Enospc or EdquotLinux;
}
