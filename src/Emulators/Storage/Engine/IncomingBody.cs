using System.Buffers;
using System.Security.Cryptography;
using Platform.Emulators.State;

namespace Platform.Emulators.Storage.Engine;

/// <summary>A received body and its MD5: either small enough to be kept in memory and stored inline in
/// the object's commit, or streamed into a temp file and renamed into bodies/ under a generated id.
/// Until <see cref="Publish"/> succeeds, disposing removes the temp file.</summary>
internal sealed class IncomingBody : IDisposable
{
    private readonly DataDirectory _directory;
    private string? _tempPath;

    private IncomingBody(DataDirectory directory, string? tempPath, byte[]? inline, long size, byte[] md5)
    {
        _directory = directory;
        _tempPath = tempPath;
        Inline = inline;
        Size = size;
        Md5 = md5;
    }

    public long Size { get; }
    public byte[] Md5 { get; }
    public string ETag => Convert.ToHexStringLower(Md5);
    public string? BodyId { get; private set; }

    /// <summary>The body's bytes when it is stored inline (no file), else null.</summary>
    public byte[]? Inline { get; }

    /// <summary>Receives <paramref name="source"/>: into memory when its declared length is at most
    /// <paramref name="maxInline"/>, else into a temp file. <paramref name="expectedLength"/>
    /// (when known) must match what arrives; <paramref name="maxSize"/> is enforced while streaming
    /// for bodies of unknown length.</summary>
    public static async Task<IncomingBody> ReceiveAsync(DataDirectory directory, Stream source, long? expectedLength, long maxSize,
        byte[]? expectedMd5, CancellationToken cancellationToken, int maxInline = 0, bool syncToDisk = false)
    {
        if (expectedLength is { } declared && declared <= maxInline && declared <= maxSize)
            return await ReceiveInlineAsync(directory, source, (int)declared, expectedMd5, cancellationToken).ConfigureAwait(false);

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

                // With --fsync the metadata commit reaches the disk: the body it names must be there first
                // (an inline body needs nothing: it is in that commit).
                if (syncToDisk)
                    file.Flush(flushToDisk: true);
            }

            if (expectedLength is { } length && size != length)
                throw StorageErrors.IncompleteBody();
            md5 = hash.GetHashAndReset();
            CheckDigest(md5, expectedMd5);
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

        return new IncomingBody(directory, tempPath, null, size, md5);
    }

    /// <summary>Reads exactly <paramref name="length"/> bytes and the end of the stream (an aws-chunked
    /// body's final chunk and trailers are checked only when read).</summary>
    private static async Task<IncomingBody> ReceiveInlineAsync(DataDirectory directory, Stream source, int length, byte[]? expectedMd5,
        CancellationToken cancellationToken)
    {
        var data = new byte[length];
        var size = 0;
        while (size < length)
        {
            var read = await source.ReadAsync(data.AsMemory(size), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                throw StorageErrors.IncompleteBody();
            size += read;
        }

        var probe = new byte[1];
        if (await source.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0)
            throw StorageErrors.IncompleteBody();
        var md5 = MD5.HashData(data);
        CheckDigest(md5, expectedMd5);
        return new IncomingBody(directory, null, data, length, md5);
    }

    private static void CheckDigest(byte[] md5, byte[]? expectedMd5)
    {
        if (expectedMd5 is not null && !CryptographicOperations.FixedTimeEquals(md5, expectedMd5))
            throw StorageErrors.BadDigest();
    }

    /// <summary>Wraps a file already assembled in tmp/ (multipart completion, copies).</summary>
    public static IncomingBody FromTempFile(DataDirectory directory, string tempPath, long size, byte[] md5) =>
        new(directory, tempPath, null, size, md5);

    /// <summary>Gives the body its id; a file body moves from tmp/ into bodies/ under it. The metadata
    /// commit that follows makes it visible; if that commit fails, <see cref="Dispose"/> removes the
    /// file again.</summary>
    public string Publish()
    {
        var id = DataDirectory.NewBodyId();
        if (Inline is null)
        {
            File.Move(_tempPath!, _directory.BodyPath(id));
            _tempPath = null;
        }

        BodyId = id;
        return id;
    }

    /// <summary>The commit referencing the body succeeded: keep the file.</summary>
    public void Commit() => BodyId = null;

    public void Dispose()
    {
        if (_tempPath is not null)
            TryDelete(_tempPath);
        if (BodyId is not null && Inline is null)
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
