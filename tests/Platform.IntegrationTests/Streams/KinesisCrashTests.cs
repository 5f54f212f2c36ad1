using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Streams;

/// <summary>A real `platform up` killed with SIGKILL: every acknowledged put is still there after a
/// restart, in order, and an iterator issued before the crash still reads them.</summary>
public sealed class KinesisCrashTests
{
    [Fact]
    public async Task Acknowledged_records_and_issued_iterators_survive_a_sigkill()
    {
        var dataDir = Directory.CreateTempSubdirectory("platform-kinesis-crash-").FullName;
        var port = PlatformProcess.FreePort();
        var platform = await PlatformProcess.StartAsync(RepositoryPaths.SampleConfig, dataDir, port);
        try
        {
            var boto = await Boto3.RunAsync(platform.Endpoint, """
                import os, json, boto3
                k = boto3.client('kinesis', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
                k.create_stream(StreamName='crash', ShardCount=1)
                seqs = [k.put_record(StreamName='crash', Data=('r%d' % i).encode(), PartitionKey='p')['SequenceNumber'] for i in range(20)]
                out = k.put_records(StreamName='crash', Records=[{'Data': ('b%d' % i).encode(), 'PartitionKey': 'p'} for i in range(100)])
                assert out['FailedRecordCount'] == 0
                it = k.get_shard_iterator(StreamName='crash', ShardId='shardId-000000000000', ShardIteratorType='TRIM_HORIZON')['ShardIterator']
                print(json.dumps({'iterator': it, 'last': out['Records'][-1]['SequenceNumber']}))
                """);
            var state = JsonDocument.Parse(boto.EnsureSuccess().StandardOutput).RootElement;
            await platform.KillAsync();
            await platform.DisposeAsync();

            platform = await PlatformProcess.StartAsync(RepositoryPaths.SampleConfig, dataDir, port);
            var records = JsonDocument.Parse(await new AwsCli(platform.Endpoint).RunOkAsync(
                "kinesis", "get-records", "--shard-iterator", state.GetProperty("iterator").GetString()!)).RootElement.GetProperty("Records");
            var data = records.EnumerateArray().Select(r => Encoding.UTF8.GetString(Convert.FromBase64String(r.GetProperty("Data").GetString()!))).ToList();
            Assert.Equal(Enumerable.Range(0, 20).Select(i => "r" + i).Concat(Enumerable.Range(0, 100).Select(i => "b" + i)), data);
            Assert.Equal(state.GetProperty("last").GetString(), records[119].GetProperty("SequenceNumber").GetString());
        }
        finally
        {
            await platform.DisposeAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
