using Platform.Bench;

// ./build.sh bench [scenario…] — scenarios: startup, s3, soak, s3-trigger, sqs, sqs-trigger, kinesis, kinesis-trigger, dynamodb, dynamodb-trigger, sns, invoke, runtimes, http, distributed, dashboard (default: all).
var scenarios = args.Length > 0 ? args : ["startup", "s3", "soak", "s3-trigger", "sqs", "sqs-trigger", "kinesis", "kinesis-trigger", "dynamodb", "dynamodb-trigger", "sns", "invoke", "runtimes", "http", "distributed", "dashboard"];
var root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "Platform.sln")))
    root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run from inside the repository");

foreach (var scenario in scenarios)
{
    switch (scenario)
    {
        case "startup":
            var config = Path.Combine(root, "samples", "platform.yaml");
            var published = Path.Combine(root, "bench", ".published", "platform.dll");
            await StartupBenchmark.RunAsync(root, File.Exists(published) ? "ReadyToRun publish" : "release build",
                File.Exists(published) ? published : Path.Combine(root, "src", "Host", "bin", "Release", "net10.0", "platform.dll"), config, runs: 5);
            break;
        case "s3":
            // BENCH_PLATFORM_DLL measures another build (an earlier commit's) against the same peer.
            await S3ThroughputBenchmark.RunAsync(root, Environment.GetEnvironmentVariable("BENCH_PLATFORM_DLL") ??
                                                       Path.Combine(root, "src", "Host", "bin", "Release", "net10.0", "platform.dll"),
                connections: 8, rounds: 4, round: TimeSpan.FromSeconds(5),
                listBucketSize: int.TryParse(Environment.GetEnvironmentVariable("BENCH_S3_LIST_OBJECTS"), out var size) ? size : 1_000_000);
            break;
        case "soak":
            await SoakBenchmark.RunAsync(Path.Combine(root, "src", "Host", "bin", "Release", "net10.0", "platform.dll"), requestsPerSecond: 200,
                duration: TimeSpan.FromSeconds(60));
            break;
        case "s3-trigger":
            await S3TriggerBenchmark.RunAsync(uploads: 2000, concurrency: 8);
            break;
        case "sqs":
            await SqsThroughputBenchmark.RunAsync([16, 64], TimeSpan.FromSeconds(5));
            break;
        case "sqs-trigger":
            await SqsTriggerBenchmark.RunAsync(messages: 2000, concurrency: 8);
            break;
        case "kinesis":
            await KinesisThroughputBenchmark.RunAsync(root, Path.Combine(root, "src", "Host", "bin", "Release", "net10.0", "platform.dll"),
                puts: 20_000, batches: 200, concurrency: 16);
            break;
        case "kinesis-trigger":
            await KinesisTriggerBenchmark.RunAsync(records: 2000, concurrency: 8, shards: 4);
            break;
        case "dynamodb":
            await DynamoDbThroughputBenchmark.RunAsync(root, Path.Combine(root, "src", "Host", "bin", "Release", "net10.0", "platform.dll"),
                puts: 20_000, gets: 20_000, queries: 10_000, concurrency: 16);
            break;
        case "dynamodb-trigger":
            await DynamoDbTriggerBenchmark.RunAsync(items: 2000, concurrency: 8, parallelization: 4);
            break;
        case "sns":
            await SnsBenchmark.RunAsync(publishes: 2000, throughputRound: TimeSpan.FromSeconds(5), schedules: 20);
            break;
        case "invoke":
            await InvokeOverheadBenchmark.RunAsync(root, invocations: 2000);
            break;
        case "runtimes":
            await ManagedRuntimeBenchmark.RunAsync(colds: 20, invocations: 2000);
            break;
        case "http":
            await HttpTriggerBenchmark.RunAsync(Path.Combine(root, "src", "Host", "bin", "Release", "net10.0", "platform.dll"), requests: 2000, concurrency: 8);
            break;
        case "distributed":
            await DistributedBenchmark.RunAsync(uploads: 1000, concurrency: 8);
            break;
        case "dashboard":
            await DashboardLoadBenchmark.RunAsync(messages: 3000, concurrency: 8, rounds: 3);
            break;
        default:
            Console.Error.WriteLine($"unknown scenario '{scenario}'; known: startup, s3, soak, s3-trigger, sqs, sqs-trigger, kinesis, kinesis-trigger, dynamodb, dynamodb-trigger, sns, invoke, runtimes, http, distributed, dashboard");
            return 2;
    }
}

return 0;
