namespace Platform.Emulators.State;

/// <summary>A write refused up front because the data directory's disk is full (see <see cref="DiskSpace"/>).</summary>
public sealed class DiskFullException() : IOException("The platform's disk is full: only reads and deletes are served until space is freed.");
