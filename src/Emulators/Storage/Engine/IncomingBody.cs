using System.Buffers;
using System.Security.Cryptography;
using Platform.Emulators.State;

namespace Platform.Emulators.Storage.Engine;

/// <summary>A body streamed into a temp file while its MD5 is computed, then renamed into bodies/
/// under a generated id. Until <see cref="Publish"/> succeeds, disposing removes the temp file.</summary>
internal sealed class IncomingBody : IDisposable
{
    private readonly DataDirectory _directory;
    private string? _tempPath;

    private IncomingBody(DataDirectory directory, string tempPath, long size, byte[] md5)
    {
        _directory = directory;
        _tempPath = tempPath;
        Size = size;
        Md5 = md5;
    }

    public long Size { get; }
    public byte[] Md5 { get; }
    public string ETag => Convert.ToHexStringLower(Md5);
    public string? BodyId { get; private set; }

    /// <summary>Copies <paramref name="source"/> to a temp file. <paramref name="expectedLength"/>
    /// (when known) must match what arrives; <paramref name="maxSize"/> is enforced while streaming
    /// for bodies of unknown length.</summary>
    public static async Task<IncomingBody> ReceiveAsync(DataDirectory directory, Stream source, long? expectedLength, long maxSize,
        byte[]? expectedMd5, CancellationToken cancellationToken)
    {
        var tempPath = directory.NewTempFile();
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        long size = 0;
        byte[] md5;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            await using (var file = new FileStream(tempPath, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                BufferSize = 0,
                PreallocationSize = expectedLength is > 0 and < 1L << 40 ? expectedLength.Value : 0,
            }))
            {
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    size += read;
                    if (size > maxSize)
                        throw StorageErrors.EntityTooLarge(size, maxSize);
                    if (expectedLength is { } expected && size > expected)
                        throw StorageErrors.IncompleteBody();
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            if (expectedLength is { } length && size != length)
                throw StorageErrors.IncompleteBody();
            md5 = hash.GetHashAndReset();
            if (expectedMd5 is not null && !CryptographicOperations.FixedTimeEquals(md5, expectedMd5))
                throw StorageErrors.BadDigest();
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new IncomingBody(directory, tempPath, size, md5);
    }

    /// <summary>Wraps a file already assembled in tmp/ (multipart completion, copies).</summary>
    public static IncomingBody FromTempFile(DataDirectory directory, string tempPath, long size, byte[] md5) =>
        new(directory, tempPath, size, md5);

    /// <summary>Moves the temp file into bodies/ under a new id. The metadata commit that follows
    /// makes it visible; if that commit fails, <see cref="Dispose"/> removes the body again.</summary>
    public string Publish()
    {
        var id = DataDirectory.NewBodyId();
        File.Move(_tempPath!, _directory.BodyPath(id));
        _tempPath = null;
        BodyId = id;
        return id;
    }

    /// <summary>The commit referencing the body succeeded: keep the file.</summary>
    public void Commit() => BodyId = null;

    public void Dispose()
    {
        if (_tempPath is not null)
            TryDelete(_tempPath);
        if (BodyId is not null)
            TryDelete(_directory.BodyPath(BodyId));
        _tempPath = null;
        BodyId = null;
    }

    internal static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
