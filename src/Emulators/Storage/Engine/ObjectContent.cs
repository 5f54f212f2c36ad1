namespace Platform.Emulators.Storage.Engine;

/// <summary>An object opened for reading. The open handle keeps the body readable even if the object
/// is replaced or deleted meanwhile.</summary>
public sealed class ObjectContent(ObjectInfo info, FileStream body) : IDisposable, IAsyncDisposable
{
    public ObjectInfo Info { get; } = info;
    public FileStream Body { get; } = body;

    public void Dispose() => Body.Dispose();

    public ValueTask DisposeAsync() => Body.DisposeAsync();
}
