using System.Globalization;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Tables;

/// <summary>
/// The DynamoDB stream mapping under a real crash: four boto3 clients put items into a table whose
/// stream triggers a Python function (over the Runtime API) while the load script SIGKILLs
/// `platform up`. After a restart on the same data directory every acknowledged item's INSERT reaches
/// the function at least once. Proof is durable: the function writes each key it saw to a ledger table.
/// </summary>
public sealed class DynamoDbTriggerCrashTests
{
    private const int KillAfter = 300;

    [Fact]
    public async Task Every_acknowledged_items_insert_reaches_the_mapped_function_after_a_sigkill()
    {
        var root = Directory.CreateTempSubdirectory("platform-ddb-trigger-crash-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "audit"));
        await File.WriteAllTextAsync(Path.Combine(root, "audit", "app.py"), """
            import os, boto3
            ddb = boto3.client('dynamodb', endpoint_url=os.environ['AWS_ENDPOINT_URL'], region_name=os.environ['AWS_REGION'])

            def handler(event, context):
                keys = [r['dynamodb']['Keys']['pk']['S'] for r in event['Records']]
                for i in range(0, len(keys), 25):
                    ddb.batch_write_item(RequestItems={'ledger': [{'PutRequest': {'Item': {'pk': {'S': k}}}} for k in keys[i:i + 25]]})
            """);
        var config = Path.Combine(root, "platform.yaml");
        await File.WriteAllTextAsync(config, """
            tables:
              - { name: orders, key: [pk:S], stream: NEW_IMAGE }
              - { name: ledger, key: [pk:S] }
            functions:
              audit:
                runtime: python3.11
                handler: app.handler
                code: ./audit
                timeout: 30s
                triggers:
                  - dynamodb: { table: orders, startingPosition: TRIM_HORIZON, batchSize: 20 }
            """);
        var port = PlatformProcess.FreePort();
        var endpoint = new Uri($"http://127.0.0.1:{port}");
        string[] arguments = ["up", "--config", config, "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", Path.Combine(root, "data")];
        var host = await HostProcess.StartAsync(arguments, root, "Platform ready on ", TimeSpan.FromSeconds(60));
        try
        {
            // python3.11 is Debian's interpreter, which has python3-boto3 (build.sh installs it).
            // The script kills the platform once enough puts were acknowledged, while its threads keep
            // putting and the function is busy with earlier batches.
            var acknowledged = await CrashLoad.RunAsync(endpoint, host.ProcessId,
                "c = boto3.client('dynamodb', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', config=cfg)",
                "c.put_item(TableName='orders', Item={'pk': {'S': key}})", killAfter: KillAfter, threads: 4);
            await host.DisposeAsync();

            host = await HostProcess.StartAsync(arguments, root, "Platform ready on ", TimeSpan.FromSeconds(60));
            var missing = await WaitForLedgerAsync(endpoint, acknowledged);
            Assert.True(missing.Count == 0, $"{missing.Count} acknowledged items never reached the function, e.g. {string.Join(", ", missing.Take(5))}");
        }
        finally
        {
            await host.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Scans the ledger until it holds every acknowledged key, waiting for the function's
    /// next invocation between scans; what is still missing at the deadline.</summary>
    private static async Task<List<string>> WaitForLedgerAsync(Uri endpoint, List<string> acknowledged)
    {
        using var admin = new PlatformAdminClient(endpoint);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(120);
        var invocations = 0;
        while (true)
        {
            var scan = await Boto3.RunAsync(endpoint, """
                import os, json, boto3
                c = boto3.client('dynamodb', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
                keys = []
                for page in c.get_paginator('scan').paginate(TableName='ledger'):
                    keys += [i['pk']['S'] for i in page['Items']]
                print(json.dumps(keys))
                """);
            var seen = JsonSerializer.Deserialize<List<string>>(scan.EnsureSuccess().StandardOutput)!.ToHashSet();
            var missing = acknowledged.Where(key => !seen.Contains(key)).ToList();
            if (missing.Count == 0 || DateTimeOffset.UtcNow > deadline)
                return missing;
            invocations = (await admin.WaitForInvocationsAsync("audit", invocations + 1, TimeSpan.FromSeconds(30))).Length;
        }
    }
}
