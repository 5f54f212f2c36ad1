namespace Platform.Emulators.Storage.Engine;

/// <summary>An object opened for reading: a file handle, or the bytes of a small body stored inline.
/// Either stays readable even if the object is replaced or deleted meanwhile. Seekable.</summary>
public sealed class ObjectContent(ObjectInfo info, Stream body) : IDisposable, IAsyncDisposable
{
    public ObjectInfo Info { get; } = info;
    public Stream Body { get; } = body;

    public void Dispose() => Body.Dispose();

    public ValueTask DisposeAsync() => Body.DisposeAsync();
}
