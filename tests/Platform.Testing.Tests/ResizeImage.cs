using System.Collections.Concurrent;
using Platform.Functions;
using Platform.Functions.Events;

namespace Platform.Testing.Tests;

/// <summary>Where <see cref="ResizeImage"/> puts its results: a service its constructor takes, as a
/// real function would take a client.</summary>
public sealed class Thumbnails
{
    public ConcurrentBag<string> Made { get; } = [];
}

/// <summary>A function as a user writes it: one "thumbnail" per uploaded object.</summary>
public sealed class ResizeImage(Thumbnails thumbnails) : IFunction<S3Event, NoResult>
{
    public Task<NoResult> HandleAsync(S3Event input, IFunctionContext context)
    {
        foreach (var record in input.Records)
            thumbnails.Made.Add(record.S3.Object.DecodedKey + ".thumb");
        return Task.FromResult(NoResult.Value);
    }
}
