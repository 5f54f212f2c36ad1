using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Streams;

/// <summary>Every Kinesis operation through Debian's boto3 (botocore 1.29: JSON 1.1, no StreamARN
/// members yet). Each script asserts on what boto3 parsed and prints "ok".</summary>
[Collection(KinesisPlatformCollection.Name)]
public sealed class Boto3KinesisTests(KinesisPlatformFixture platform)
{
    private const string Preamble = """
        import os, sys, time, datetime, base64
        import boto3
        from botocore.exceptions import ClientError
        k = boto3.client('kinesis', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
        def error_code(call, **kwargs):
            try:
                call(**kwargs)
            except ClientError as e:
                assert e.response['ResponseMetadata']['HTTPStatusCode'] == 400, e.response
                return e.response['Error']['Code']
            raise AssertionError('no error from ' + call.__name__)
        """;

    private async Task RunAsync(string script)
    {
        var name = KinesisPlatformFixture.NewStreamName("boto");
        var result = await Boto3.RunAsync(platform.Endpoint, Preamble + $"\nname = '{name}'\n" + script + "\nprint('ok')\n");
        Assert.Equal("ok", result.EnsureSuccess().StandardOutput.Trim());
    }

    [Fact]
    public Task Stream_lifecycle_retention_and_tags() => RunAsync("""
        k.create_stream(StreamName=name, ShardCount=2)
        k.get_waiter('stream_exists').wait(StreamName=name, WaiterConfig={'Delay': 1})
        d = k.describe_stream(StreamName=name)['StreamDescription']
        assert d['StreamStatus'] == 'ACTIVE' and len(d['Shards']) == 2 and d['RetentionPeriodHours'] == 24, d
        assert isinstance(d['StreamCreationTimestamp'], datetime.datetime)
        assert d['Shards'][1]['HashKeyRange']['EndingHashKey'] == str(2**128 - 1)
        s = k.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']
        assert s['OpenShardCount'] == 2 and s['StreamModeDetails']['StreamMode'] == 'PROVISIONED', s
        names = []
        for page in k.get_paginator('list_streams').paginate(PaginationConfig={'PageSize': 1}):
            names += page['StreamNames']
        assert name in names, names
        first = k.list_streams(Limit=1)
        assert len(first['StreamNames']) == 1 and (first['HasMoreStreams'] or len(names) == 1)
        k.increase_stream_retention_period(StreamName=name, RetentionPeriodHours=168)
        assert k.describe_stream_summary(StreamName=name)['StreamDescriptionSummary']['RetentionPeriodHours'] == 168
        k.decrease_stream_retention_period(StreamName=name, RetentionPeriodHours=25)
        assert error_code(k.decrease_stream_retention_period, StreamName=name, RetentionPeriodHours=23) == 'InvalidArgumentException'
        assert error_code(k.increase_stream_retention_period, StreamName=name, RetentionPeriodHours=8761) == 'InvalidArgumentException'
        k.add_tags_to_stream(StreamName=name, Tags={'a': '1', 'b': '2', 'c': '3'})
        k.remove_tags_from_stream(StreamName=name, TagKeys=['b'])
        t = k.list_tags_for_stream(StreamName=name, Limit=1)
        assert t['Tags'] == [{'Key': 'a', 'Value': '1'}] and t['HasMoreTags'], t
        t = k.list_tags_for_stream(StreamName=name, ExclusiveStartTagKey='a')
        assert t['Tags'] == [{'Key': 'c', 'Value': '3'}] and not t['HasMoreTags'], t
        limits = k.describe_limits()
        assert limits['OpenShardCount'] >= 2, limits
        assert error_code(k.create_stream, StreamName=name, ShardCount=1) == 'ResourceInUseException'
        k.delete_stream(StreamName=name)
        k.get_waiter('stream_not_exists').wait(StreamName=name, WaiterConfig={'Delay': 1})
        assert error_code(k.describe_stream, StreamName=name) == 'ResourceNotFoundException'
        """);

    [Fact]
    public Task Records_iterators_and_paging() => RunAsync("""
        k.create_stream(StreamName=name, ShardCount=1)
        r = k.put_record(StreamName=name, Data=b'\x00\x01binary\xff', PartitionKey='pk')
        assert r['ShardId'] == 'shardId-000000000000' and len(r['SequenceNumber']) == 56, r
        out = k.put_records(StreamName=name, Records=[{'Data': ('r%d' % i).encode(), 'PartitionKey': 'k%d' % i} for i in range(500)])
        assert out['FailedRecordCount'] == 0 and len(out['Records']) == 500, out['FailedRecordCount']
        seqs = [x['SequenceNumber'] for x in out['Records']]
        assert all(int(a) < int(b) for a, b in zip(seqs, seqs[1:]))
        it = k.get_shard_iterator(StreamName=name, ShardId='shardId-000000000000', ShardIteratorType='TRIM_HORIZON')['ShardIterator']
        got = []
        while True:
            page = k.get_records(ShardIterator=it, Limit=200)
            got += page['Records']
            it = page['NextShardIterator']
            if not page['Records']:
                break
        assert page['MillisBehindLatest'] == 0
        assert got[0]['Data'] == b'\x00\x01binary\xff' and got[0]['PartitionKey'] == 'pk', got[0]
        assert [g['Data'] for g in got[1:]] == [('r%d' % i).encode() for i in range(500)]
        assert isinstance(got[0]['ApproximateArrivalTimestamp'], datetime.datetime)
        before = got[0]['ApproximateArrivalTimestamp'] - datetime.timedelta(seconds=1)
        it = k.get_shard_iterator(StreamName=name, ShardId='shardId-000000000000', ShardIteratorType='AT_TIMESTAMP', Timestamp=before)['ShardIterator']
        assert len(k.get_records(ShardIterator=it, Limit=10)['Records']) == 10
        it = k.get_shard_iterator(StreamName=name, ShardId='shardId-000000000000', ShardIteratorType='AFTER_SEQUENCE_NUMBER', StartingSequenceNumber=seqs[-2])['ShardIterator']
        assert [x['Data'] for x in k.get_records(ShardIterator=it)['Records']] == [b'r499']
        it = k.get_shard_iterator(StreamName=name, ShardId='shardId-000000000000', ShardIteratorType='AT_SEQUENCE_NUMBER', StartingSequenceNumber=seqs[-1])['ShardIterator']
        assert [x['Data'] for x in k.get_records(ShardIterator=it)['Records']] == [b'r499']
        latest = k.get_shard_iterator(StreamName=name, ShardId='shardId-000000000000', ShardIteratorType='LATEST')['ShardIterator']
        assert k.get_records(ShardIterator=latest)['Records'] == []
        k.put_record(StreamName=name, Data=b'after latest', PartitionKey='pk', SequenceNumberForOrdering=seqs[-1])
        assert [x['Data'] for x in k.get_records(ShardIterator=latest)['Records']] == [b'after latest']
        k.delete_stream(StreamName=name)
        """);

    [Fact]
    public Task Resharding_reports_lineage_and_closed_shards_end() => RunAsync("""
        k.create_stream(StreamName=name, ShardCount=2)
        k.put_record(StreamName=name, Data=b'before split', PartitionKey='x', ExplicitHashKey='0')
        it = k.get_shard_iterator(StreamName=name, ShardId='shardId-000000000000', ShardIteratorType='TRIM_HORIZON')['ShardIterator']
        k.split_shard(StreamName=name, ShardToSplit='shardId-000000000000', NewStartingHashKey=str(2**126))
        k.merge_shards(StreamName=name, ShardToMerge='shardId-000000000003', AdjacentShardToMerge='shardId-000000000001')
        page = k.get_records(ShardIterator=it)
        assert [r['Data'] for r in page['Records']] == [b'before split'], page
        assert 'NextShardIterator' not in page or page['NextShardIterator'] is None, page
        assert [c['ShardId'] for c in page['ChildShards']] == ['shardId-000000000002', 'shardId-000000000003'], page['ChildShards']
        assert page['ChildShards'][0]['ParentShards'] == ['shardId-000000000000']
        shards = k.list_shards(StreamName=name)['Shards']
        assert [s['ShardId'] for s in shards] == ['shardId-%012d' % i for i in range(5)], shards
        assert 'EndingSequenceNumber' in shards[0]['SequenceNumberRange']
        assert shards[4]['ParentShardId'] == 'shardId-000000000003' and shards[4]['AdjacentParentShardId'] == 'shardId-000000000001'
        after = k.list_shards(StreamName=name, ShardFilter={'Type': 'AFTER_SHARD_ID', 'ShardId': 'shardId-000000000002'})['Shards']
        assert [s['ShardId'] for s in after] == ['shardId-000000000003', 'shardId-000000000004'], after
        horizon = k.list_shards(StreamName=name, ShardFilter={'Type': 'AT_TRIM_HORIZON'})['Shards']
        assert [s['ShardId'] for s in horizon] == ['shardId-000000000000', 'shardId-000000000001'], horizon
        page1 = k.list_shards(StreamName=name, MaxResults=2)
        page2 = k.list_shards(NextToken=page1['NextToken'], MaxResults=10)
        assert [s['ShardId'] for s in page1['Shards'] + page2['Shards']] == ['shardId-%012d' % i for i in range(5)]
        u = k.update_shard_count(StreamName=name, TargetShardCount=4, ScalingType='UNIFORM_SCALING')
        assert u['CurrentShardCount'] == 2 and u['TargetShardCount'] == 4, u
        openShards = k.list_shards(StreamName=name, ShardFilter={'Type': 'AT_LATEST'})['Shards']
        assert [int(s['HashKeyRange']['StartingHashKey']) for s in openShards] == [i * 2**126 for i in range(4)], openShards
        k.delete_stream(StreamName=name)
        """);
}
