using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Tables;

/// <summary>A real `platform up` SIGKILLed while eight clients put items: after a restart every
/// acknowledged item is there, and so is its INSERT stream record, once.</summary>
public sealed class TablesCrashTests
{
    [Fact]
    public async Task Acknowledged_items_and_their_stream_records_survive_a_sigkill_under_load()
    {
        var dataDir = Directory.CreateTempSubdirectory("platform-tables-crash-").FullName;
        var config = Path.Combine(dataDir, "platform.yaml");
        await File.WriteAllTextAsync(config, "");
        var port = PlatformProcess.FreePort();
        var endpoint = new Uri($"http://127.0.0.1:{port}");
        string[] arguments = ["up", "--config", config, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", Path.Combine(dataDir, "data")];
        var host = await HostProcess.StartAsync(arguments, dataDir, "Platform ready on ", PlatformProcess.ReadyTimeout);
        try
        {
            // The script kills the platform itself once 400 puts were acknowledged, while its eight
            // threads keep putting: the kill lands in the middle of group commits.
            var acknowledged = await CrashLoad.RunAsync(endpoint, host.ProcessId,
                """
                c = boto3.client('dynamodb', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', config=cfg)
                c.create_table(TableName='crash', KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}],
                    AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'}], BillingMode='PAY_PER_REQUEST',
                    StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_IMAGE'})
                """,
                "c.put_item(TableName='crash', Item={'pk': {'S': key}, 'n': {'N': str(i)}})", killAfter: 400, threads: 8);
            await host.DisposeAsync();

            host = await HostProcess.StartAsync(arguments, dataDir, "Platform ready on ", PlatformProcess.ReadyTimeout);
            var check = await Boto3.RunAsync(endpoint, """
                import os, json, sys, boto3
                c = boto3.client('dynamodb', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
                s = boto3.client('dynamodbstreams', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
                items = set()
                for page in c.get_paginator('scan').paginate(TableName='crash'):
                    items |= {i['pk']['S'] for i in page['Items']}
                arn = c.describe_table(TableName='crash')['Table']['LatestStreamArn']
                shard = s.describe_stream(StreamArn=arn)['StreamDescription']['Shards'][0]['ShardId']
                it = s.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType='TRIM_HORIZON')['ShardIterator']
                inserted = []
                while it:
                    r = s.get_records(ShardIterator=it)
                    inserted += [x['dynamodb']['Keys']['pk']['S'] for x in r['Records'] if x['eventName'] == 'INSERT']
                    if not r['Records']:
                        break
                    it = r.get('NextShardIterator')
                print(json.dumps({'items': sorted(items), 'inserted': inserted}))
                """);
            var state = JsonDocument.Parse(check.EnsureSuccess().StandardOutput).RootElement;
            var items = state.GetProperty("items").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
            var inserted = state.GetProperty("inserted").EnumerateArray().Select(e => e.GetString()!).ToList();
            var lostItems = acknowledged.Where(key => !items.Contains(key)).ToList();
            Assert.True(lostItems.Count == 0, "lost items: " + string.Join(", ", lostItems));
            var lostRecords = acknowledged.Where(key => !inserted.Contains(key)).ToList();
            Assert.True(lostRecords.Count == 0, "lost records: " + string.Join(", ", lostRecords));
            Assert.Equal(inserted.Count, inserted.Distinct().Count());
            // Whatever was committed but not yet acknowledged when the kill landed has its record too.
            Assert.True(items.SetEquals(inserted), $"{items.Count} items, {inserted.Count} INSERT records");
        }
        finally
        {
            await host.DisposeAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
