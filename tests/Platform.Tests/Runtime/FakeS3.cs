using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Tests.Runtime;

/// <summary>Just enough path-style S3 (GET and PUT object) for the sample function to run against,
/// so the runtime tests do not depend on the emulators being built alongside.</summary>
internal sealed class FakeS3 : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeS3(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentDictionary<string, (byte[] Body, string ContentType)> Objects { get; } = new();

    public static async Task<FakeS3> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeS3? s3 = null;
        app.MapGet("/{bucket}/{**key}", (string bucket, string key) =>
            s3!.Objects.TryGetValue($"{bucket}/{key}", out var o)
                ? Results.Bytes(o.Body, o.ContentType)
                : Results.NotFound());
        app.MapPut("/{bucket}/{**key}", async (string bucket, string key, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            s3!.Objects[$"{bucket}/{key}"] = (body.ToArray(), request.ContentType ?? "");
            return Results.Ok();
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        s3 = new FakeS3(app, url);
        return s3;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
