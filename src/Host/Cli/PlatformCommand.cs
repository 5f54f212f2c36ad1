using System.CommandLine;
using Microsoft.Extensions.Logging;
using Platform.Host.Composition;
using Platform.Host.Configuration;

namespace Platform.Host.Cli;

/// <summary>The `platform` command line: <c>platform up</c> runs the whole platform in one process.</summary>
internal static class PlatformCommand
{
    public static int Run(string[] args)
    {
        var config = new Option<string?>("--config")
        {
            Description = "platform.yaml to load (default: samples/platform.yaml inside the repository, else ./platform.yaml)",
        };
        var host = new Option<string>("--host")
        {
            Description = "Address to listen on; 0.0.0.0 to accept other machines",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var port = new Option<int>("--port")
        {
            Description = "Edge port serving the S3, SQS and Kinesis APIs and /_platform",
            DefaultValueFactory = _ => 4566,
        };
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Where state is kept (SQLite database and object bodies)",
            DefaultValueFactory = _ => ".platform-data",
        };
        var inMemory = new Option<bool>("--in-memory")
        {
            Description = "Keep state in a throw-away directory that is deleted on exit (tests)",
        };
        var fsync = new Option<bool>("--fsync")
        {
            Description = "Sync every commit to disk, so acknowledged writes survive power loss too",
        };

        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "Information logs one line per invocation; Warning only problems",
            DefaultValueFactory = _ => LogLevel.Information,
        };

        var transport = new Option<string?>("--transport")
        {
            Description = "How invocations reach the functions: in-memory (default) or rabbitmq://user:pass@host:5672/vhost " +
                          $"(default from {DispatchOptions.EnvironmentVariable})",
        };
        var runFunctions = new Option<bool>("--run-functions")
        {
            Description = "With RabbitMQ: run the functions in this process too, next to the workers (default: workers only)",
        };

        var allowedHosts = new Option<string[]>("--allowed-hosts")
        {
            Description = "Host names the APIs answer besides localhost, IP addresses and the --host name (comma-separated; " +
                          "subdomains included; '*' for any). Other names are refused, so a web page cannot reach the platform " +
                          "by DNS rebinding (default from PLATFORM_ALLOWED_HOSTS)",
            AllowMultipleArgumentsPerToken = true,
        };

        var auth = new Option<string?>("--auth")
        {
            Description = "sigv4: verify AWS Signature V4 on every API against the access keys; none: accept unsigned requests " +
                          "(default: sigv4 when --host is not a loopback address, else none)",
        };
        auth.AcceptOnlyFromAmong("sigv4", "none");
        var accessKeys = new Option<string[]>("--access-key")
        {
            Description = "An access key the platform accepts with --auth sigv4, as ID:SECRET (repeatable; default from PLATFORM_ACCESS_KEYS=ID:SECRET[,…])",
            AllowMultipleArgumentsPerToken = true,
        };

        var otlpEndpoint = new Option<string?>("--otlp-endpoint")
        {
            Description = "Export traces, metrics and logs over OTLP to this address, e.g. http://localhost:4317 (gRPC) or " +
                          "http://localhost:4318 (HTTP; or set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf) " +
                          "(default from OTEL_EXPORTER_OTLP_ENDPOINT; unset: no export)",
        };

        var up = new Command("up", "Run the platform: emulators, triggers and functions in one process")
        {
            config, host, port, dataDir, inMemory, fsync, logLevel, transport, runFunctions, allowedHosts, auth, accessKeys, otlpEndpoint,
        };
        up.SetAction(async (parse, cancellationToken) =>
        {
            DispatchOptions dispatch;
            try
            {
                dispatch = DispatchOptions.Parse(TransportOf(parse.GetValue(transport)), parse.GetValue(runFunctions));
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"platform up: {ex.Message}");
                return 2;
            }

            var settings = new PlatformSettings
            {
                Config = PlatformConfigSource.FromFile(parse.GetValue(config) ?? DefaultConfigPath()),
                Host = parse.GetValue(host)!,
                AllowedHosts = AllowedHostsOf(parse.GetValue(allowedHosts)),
                RequireSignatures = parse.GetValue(auth) is { } mode ? mode == "sigv4" : null,
                AccessKeys = AccessKeysOf(parse.GetValue(accessKeys)),
                Port = parse.GetValue(port),
                DataDir = parse.GetValue(dataDir)!,
                InMemory = parse.GetValue(inMemory),
                Fsync = parse.GetValue(fsync),
                LogLevel = parse.GetValue(logLevel),
                Dispatch = dispatch,
                OtlpEndpoint = parse.GetValue(otlpEndpoint),
            };
            return await UpCommand.RunAsync(settings, cancellationToken);
        });

        var healthPort = new Option<int>("--port") { DefaultValueFactory = _ => 4566 };
        var health = new Command("health", "Exit 0 when the platform on --port answers /_platform/health (container healthchecks)")
        {
            healthPort,
        };
        health.SetAction((parse, cancellationToken) => HealthCommand.RunAsync(parse.GetValue(healthPort), cancellationToken));

        var worker = WorkerCommandLine.Create();

        // What a .NET function with `isolation: process` runs as: not for users to type.
        var functionHost = new Command("function-host", "Serve the .NET function named by _HANDLER over AWS_LAMBDA_RUNTIME_API") { Hidden = true };
        functionHost.SetAction((_, cancellationToken) => Platform.Runtime.FunctionHost.DotnetFunctionHost.RunAsync(cancellationToken));

        var root = new RootCommand("Platform: AWS Lambda's triggers on your own machine") { up, worker, health, functionHost };

        // The web host handles Ctrl+C and SIGTERM itself (graceful drain); System.CommandLine must
        // not cut the process short while in-flight invocations finish.
        return root.Parse(args).Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    /// <summary>--allowed-hosts (repeated or comma-separated), else PLATFORM_ALLOWED_HOSTS.</summary>
    internal static IReadOnlyList<string> AllowedHostsOf(string[]? option) =>
        [.. (option is { Length: > 0 } ? option : [Environment.GetEnvironmentVariable("PLATFORM_ALLOWED_HOSTS") ?? ""])
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    /// <summary>--access-key ID:SECRET (repeated or comma-separated), else PLATFORM_ACCESS_KEYS.</summary>
    internal static IReadOnlyDictionary<string, string> AccessKeysOf(string[]? option) =>
        (option is { Length: > 0 } ? option : [Environment.GetEnvironmentVariable("PLATFORM_ACCESS_KEYS") ?? ""])
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(pair => pair.Split(':', 2))
            .Where(pair => pair.Length == 2 && pair[0].Length > 0 && pair[1].Length > 0)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

    /// <summary>--transport, else PLATFORM_TRANSPORT, else in memory.</summary>
    internal static string? TransportOf(string? option) =>
        option ?? Environment.GetEnvironmentVariable(DispatchOptions.EnvironmentVariable);

    /// <summary>samples/platform.yaml when run from the repository (or below it), else ./platform.yaml.</summary>
    internal static string DefaultConfigPath()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var sample = Path.Combine(dir.FullName, "samples", "platform.yaml");
            if (File.Exists(sample) && File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
                return sample;
        }

        return "platform.yaml";
    }
}
