using Platform.Bench;

// ./build.sh bench [scenario…] — scenarios: startup, s3-trigger, distributed (default: all).
var scenarios = args.Length > 0 ? args : ["startup", "s3-trigger", "distributed"];
var root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "Platform.sln")))
    root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run from inside the repository");

foreach (var scenario in scenarios)
{
    switch (scenario)
    {
        case "startup":
            var config = Path.Combine(root, "samples", "platform.yaml");
            await StartupBenchmark.RunAsync("release build", Path.Combine(root, "src", "Host", "bin", "Release", "net10.0", "platform.dll"), config, runs: 8);
            var published = Path.Combine(root, "bench", ".published", "platform.dll");
            if (File.Exists(published))
                await StartupBenchmark.RunAsync("ReadyToRun publish", published, config, runs: 8);
            break;
        case "s3-trigger":
            await S3TriggerBenchmark.RunAsync(uploads: 2000, concurrency: 8);
            break;
        case "distributed":
            await DistributedBenchmark.RunAsync(uploads: 1000, concurrency: 8);
            break;
        default:
            Console.Error.WriteLine($"unknown scenario '{scenario}'; known: startup, s3-trigger");
            return 2;
    }
}

return 0;
