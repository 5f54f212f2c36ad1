using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Runtime.RuntimeApi;

/// <summary>
/// One Runtime API listener on an ephemeral loopback port, serving exactly one process.
/// </summary>
/// <remarks>
/// Why one listener per process: AWS_LAMBDA_RUNTIME_API is only <c>host:port</c> (AWS's runtime
/// clients split it and add the path themselves), so the URL cannot say which process is calling,
/// and a connection cannot either (clients open new ones at will). A port per process makes the
/// listener itself the identity — no guessing which invocation a /response belongs to. It is a bare
/// KestrelServer (no host, DI or routing): starting one costs well under a millisecond next to the
/// process it serves, and a process that spawns children cannot confuse two functions' invocations.
/// </remarks>
internal sealed class RuntimeApiServer : IAsyncDisposable
{
    private readonly KestrelServer _server;

    private RuntimeApiServer(KestrelServer server, string address)
    {
        _server = server;
        Address = address;
    }

    /// <summary><c>127.0.0.1:PORT</c>, the value of AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address { get; }

    public static async Task<RuntimeApiServer> StartAsync(RequestDelegate handler, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var options = new KestrelServerOptions
        {
            AddServerHeader = false,
            ApplicationServices = EmptyServices.Instance,
        };
        // Bodies are read with the Runtime API's own limits (6 MB, answered with 413 in its shape).
        options.Limits.MaxRequestBodySize = null;
        options.Listen(IPAddress.Loopback, 0);
        var transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggerFactory);
        var server = new KestrelServer(Options.Create(options), transport, loggerFactory);
        await server.StartAsync(new Application(handler), cancellationToken).ConfigureAwait(false);
        var bound = server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RuntimeApiServer(server, new Uri(bound).Authority);
    }

    public async ValueTask DisposeAsync()
    {
        // Held /next requests end with the process; nothing here is worth waiting for.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await _server.StopAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _server.Dispose();
    }

    private sealed class Application(RequestDelegate handler) : IHttpApplication<HttpContext>
    {
        public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

        public Task ProcessRequestAsync(HttpContext context) => handler(context);

        public void DisposeContext(HttpContext context, Exception? exception)
        {
        }
    }

    private static class EmptyServices
    {
        public static readonly IServiceProvider Instance = new ServiceCollection().BuildServiceProvider();
    }
}
