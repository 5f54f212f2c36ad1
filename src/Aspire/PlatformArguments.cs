using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>The <c>platform up</c> command line of a <see cref="PlatformResource"/>, decided when it starts.</summary>
internal static class PlatformArguments
{
    public static void Add(PlatformResource resource, IList<object> args)
    {
        if (resource.PlatformPath is { } path && path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            args.Add("exec");
            args.Add(path);
        }

        args.Add("up");
        // The port DCP picked behind its proxy; loopback only, so no signatures are required.
        args.Add("--host");
        args.Add("127.0.0.1");
        args.Add("--port");
        args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
        if (resource.ConfigPath is { } config)
        {
            args.Add("--config");
            args.Add(config);
        }

        if (resource.DataDirectory is { } data)
        {
            args.Add("--data-dir");
            args.Add(data);
        }
        else
        {
            args.Add("--in-memory");
        }
    }
}
