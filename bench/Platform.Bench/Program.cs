using Platform.Bench;

// ./build.sh bench [scenario…] — scenarios: startup, s3-trigger, sqs, sqs-trigger, kinesis, kinesis-trigger, dynamodb, dynamodb-trigger, invoke, runtimes, distributed (default: all).
var scenarios = args.Length > 0 ? args : ["startup", "s3-trigger", "sqs", "sqs-trigger", "kinesis", "kinesis-trigger", "dynamodb", "dynamodb-trigger", "invoke", "runtimes", "http", "distributed"];
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
        default:
            Console.Error.WriteLine($"unknown scenario '{scenario}'; known: startup, s3-trigger, sqs, sqs-trigger, kinesis, kinesis-trigger, dynamodb, dynamodb-trigger, invoke, runtimes, http, distributed");
            return 2;
    }
}

return 0;
