using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Tables;

/// <summary>DynamoDB and DynamoDB Streams through Debian's boto3: the client and the resource API
/// with its Key/Attr condition builders. Each script asserts on what boto3 parsed and prints "ok".</summary>
[Collection(TablesPlatformCollection.Name)]
public sealed class Boto3TableTests(TablesPlatformFixture platform)
{
    private const string Preamble = """
        import os, sys, time, datetime
        from decimal import Decimal
        import boto3
        from boto3.dynamodb.conditions import Key, Attr
        from botocore.exceptions import ClientError
        kw = dict(endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
        c = boto3.client('dynamodb', **kw)
        s = boto3.client('dynamodbstreams', **kw)
        ddb = boto3.resource('dynamodb', **kw)
        def error(call, **kwargs):
            try:
                call(**kwargs)
            except ClientError as e:
                assert e.response['ResponseMetadata']['HTTPStatusCode'] == 400, e.response
                return e.response['Error']['Code'] + ': ' + e.response['Error']['Message']
            raise AssertionError('no error from ' + call.__name__)
        def orders(name, **extra):
            t = ddb.create_table(TableName=name, KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
                AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'}, {'AttributeName': 'sk', 'AttributeType': 'N'}] + extra.pop('attrs', []),
                BillingMode='PAY_PER_REQUEST', **extra)
            t.wait_until_exists()
            return t
        """;

    private async Task RunAsync(string script)
    {
        var name = TablesPlatformFixture.NewTableName("boto");
        var result = await Boto3.RunAsync(platform.Endpoint, Preamble + $"\nname = '{name}'\n" + script + "\nprint('ok')\n");
        Assert.Equal("ok", result.EnsureSuccess().StandardOutput.Trim());
    }

    [Fact]
    public Task Table_lifecycle_paging_tags_and_errors() => RunAsync("""
        t = ddb.create_table(TableName=name, KeySchema=[{'AttributeName': 'id', 'KeyType': 'HASH'}],
            AttributeDefinitions=[{'AttributeName': 'id', 'AttributeType': 'S'}],
            ProvisionedThroughput={'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5})
        t.wait_until_exists()
        d = c.describe_table(TableName=name)['Table']
        assert d['TableStatus'] == 'ACTIVE' and d['ProvisionedThroughput']['ReadCapacityUnits'] == 5, d
        assert isinstance(d['CreationDateTime'], datetime.datetime)
        for i in range(3):
            c.create_table(TableName=f'{name}-{i}', KeySchema=[{'AttributeName': 'id', 'KeyType': 'HASH'}],
                AttributeDefinitions=[{'AttributeName': 'id', 'AttributeType': 'S'}], BillingMode='PAY_PER_REQUEST')
        names = []
        for page in c.get_paginator('list_tables').paginate(PaginationConfig={'PageSize': 2}):
            names += page['TableNames']
        assert all(n in names for n in [name, name + '-0', name + '-1', name + '-2']), names
        assert names == sorted(names)
        assert error(c.create_table, TableName=name, KeySchema=[{'AttributeName': 'id', 'KeyType': 'HASH'}],
            AttributeDefinitions=[{'AttributeName': 'id', 'AttributeType': 'S'}], BillingMode='PAY_PER_REQUEST').startswith('ResourceInUseException')
        assert error(c.describe_table, TableName='nope-' + name) == f'ResourceNotFoundException: Requested resource not found: Table: nope-{name} not found'
        assert error(c.create_table, TableName=name + 'x', KeySchema=[{'AttributeName': 'id', 'KeyType': 'HASH'}],
            AttributeDefinitions=[{'AttributeName': 'id', 'AttributeType': 'S'}]).startswith('ValidationException: One or more parameter values were invalid: ReadCapacityUnits')
        c.tag_resource(ResourceArn=d['TableArn'], Tags=[{'Key': 'a', 'Value': '1'}, {'Key': 'b', 'Value': '2'}])
        c.untag_resource(ResourceArn=d['TableArn'], TagKeys=['a'])
        assert c.list_tags_of_resource(ResourceArn=d['TableArn'])['Tags'] == [{'Key': 'b', 'Value': '2'}]
        c.update_table(TableName=name, BillingMode='PAY_PER_REQUEST')
        assert c.describe_table(TableName=name)['Table']['BillingModeSummary']['BillingMode'] == 'PAY_PER_REQUEST'
        assert c.delete_table(TableName=name)['TableDescription']['TableStatus'] == 'DELETING'
        c.get_waiter('table_not_exists').wait(TableName=name, WaiterConfig={'Delay': 1})
        assert error(c.get_item, TableName=name, Key={'id': {'S': 'x'}}) == 'ResourceNotFoundException: Cannot do operations on a non-existent table'
        """);

    [Fact]
    public Task Items_conditions_updates_and_return_values() => RunAsync("""
        t = orders(name)
        t.put_item(Item={'pk': 'a', 'sk': 1, 'price': Decimal('19.99'), 'tags': {'x', 'y'}, 'doc': {'lines': [{'q': 1}], 'note': 'hi'}, 'ok': True, 'nil': None, 'bin': b'\x00\x01'})
        item = t.get_item(Key={'pk': 'a', 'sk': 1}, ConsistentRead=True)['Item']
        assert item['price'] == Decimal('19.99') and item['tags'] == {'x', 'y'} and item['doc']['lines'][0]['q'] == 1 and item['nil'] is None, item
        assert item['bin'].value == b'\x00\x01'
        p = t.get_item(Key={'pk': 'a', 'sk': 1}, ProjectionExpression='doc.#l[0].q, #p', ExpressionAttributeNames={'#p': 'price', '#l': 'lines'})['Item']
        assert p == {'doc': {'lines': [{'q': 1}]}, 'price': Decimal('19.99')}, p
        r = t.update_item(Key={'pk': 'a', 'sk': 1},
            UpdateExpression='SET price = price - :d, doc.note = :n, hits = if_not_exists(hits, :zero) + :one, doc.#l = list_append(doc.#l, :more) REMOVE ok ADD tags :z',
            ExpressionAttributeNames={'#l': 'lines'},
            ExpressionAttributeValues={':d': Decimal('0.99'), ':n': 'bye', ':zero': 0, ':one': 1, ':more': [{'q': 2}], ':z': {'z'}},
            ReturnValues='ALL_NEW')['Attributes']
        assert r['price'] == Decimal('19') and r['doc']['note'] == 'bye' and r['hits'] == 1 and len(r['doc']['lines']) == 2 and 'ok' not in r and r['tags'] == {'x', 'y', 'z'}, r
        r = t.update_item(Key={'pk': 'a', 'sk': 1}, UpdateExpression='DELETE tags :x', ExpressionAttributeValues={':x': {'x', 'q'}}, ReturnValues='UPDATED_NEW')['Attributes']
        assert r == {'tags': {'y', 'z'}}, r
        r = t.update_item(Key={'pk': 'a', 'sk': 1}, UpdateExpression='SET hits = hits + :one', ExpressionAttributeValues={':one': 1}, ReturnValues='UPDATED_OLD')['Attributes']
        assert r == {'hits': 1}, r
        r = t.update_item(Key={'pk': 'a', 'sk': 1}, UpdateExpression='SET hits = hits + :one', ExpressionAttributeValues={':one': 1}, ReturnValues='UPDATED_NEW')['Attributes']
        assert r == {'hits': 3}, r
        old = t.put_item(Item={'pk': 'a', 'sk': 1, 'v': 2}, ReturnValues='ALL_OLD')['Attributes']
        assert old['hits'] == 3
        for cond, vals, ok in [
            (Attr('v').eq(2) & Attr('pk').exists(), {}, True),
            (Attr('v').gt(5) | Attr('missing_attr').not_exists(), {}, True),
            (Attr('v').between(3, 9), {}, False),
            (Attr('v').is_in([1, 2, 3]), {}, True),
            (~Attr('v').ne(2), {}, True),
            (Attr('pk').begins_with('b'), {}, False),
            (Attr('pk').contains('a'), {}, True),
            (Attr('pk').size().eq(1), {}, True),
            (Attr('v').attribute_type('N'), {}, True),
        ]:
            try:
                t.put_item(Item={'pk': 'a', 'sk': 1, 'v': 2}, ConditionExpression=cond)
                assert ok, cond
            except ClientError as e:
                assert not ok and e.response['Error']['Code'] == 'ConditionalCheckFailedException', (cond, e.response)
        try:
            c.delete_item(TableName=name, Key={'pk': {'S': 'a'}, 'sk': {'N': '1'}}, ConditionExpression='v = :w',
                ExpressionAttributeValues={':w': {'N': '9'}})
            raise AssertionError('deleted')
        except ClientError as e:
            assert e.response['Error']['Code'] == 'ConditionalCheckFailedException' and 'Item' not in e.response, e.response
        assert t.delete_item(Key={'pk': 'a', 'sk': 1}, ReturnValues='ALL_OLD')['Attributes']['v'] == 2
        assert 'Item' not in t.get_item(Key={'pk': 'a', 'sk': 1})
        n = c.put_item(TableName=name, Item={'pk': {'S': 'n'}, 'sk': {'N': '1'}, 'big': {'N': '12345678901234567890123456789012345678'}})
        assert c.get_item(TableName=name, Key={'pk': {'S': 'n'}, 'sk': {'N': '1'}})['Item']['big']['N'] == '12345678901234567890123456789012345678'
        """);

    [Fact]
    public Task Query_scan_indexes_and_paging() => RunAsync("""
        t = orders(name, attrs=[{'AttributeName': 'status', 'AttributeType': 'S'}, {'AttributeName': 'day', 'AttributeType': 'S'}],
            GlobalSecondaryIndexes=[{'IndexName': 'byStatus', 'KeySchema': [{'AttributeName': 'status', 'KeyType': 'HASH'}, {'AttributeName': 'day', 'KeyType': 'RANGE'}],
                                     'Projection': {'ProjectionType': 'INCLUDE', 'NonKeyAttributes': ['total']}}],
            LocalSecondaryIndexes=[{'IndexName': 'byDay', 'KeySchema': [{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'day', 'KeyType': 'RANGE'}],
                                    'Projection': {'ProjectionType': 'KEYS_ONLY'}}])
        with t.batch_writer() as b:
            for i in range(120):
                item = {'pk': 'c%d' % (i % 3), 'sk': i, 'day': '2026-01-%02d' % (i % 28 + 1), 'total': i * 10, 'note': 'x' * 10}
                if i % 2 == 0:
                    item['status'] = 'open'
                b.put_item(Item=item)
        r = t.query(KeyConditionExpression=Key('pk').eq('c0') & Key('sk').between(10, 40), FilterExpression=Attr('total').gt(200))
        assert [int(i['sk']) for i in r['Items']] == [21, 24, 27, 30, 33, 36, 39] and r['ScannedCount'] == 10, r
        r = t.query(KeyConditionExpression=Key('pk').eq('c1') & Key('sk').lt(10), ScanIndexForward=False, ProjectionExpression='sk')
        assert r['Items'] == [{'sk': 7}, {'sk': 4}, {'sk': 1}], r
        seen, start = [], {}
        while True:
            r = t.query(KeyConditionExpression=Key('pk').eq('c2'), Limit=7, **start)
            seen += [int(i['sk']) for i in r['Items']]
            if 'LastEvaluatedKey' not in r:
                break
            start = {'ExclusiveStartKey': r['LastEvaluatedKey']}
        assert seen == list(range(2, 120, 3)), seen
        r = t.query(IndexName='byStatus', KeyConditionExpression=Key('status').eq('open') & Key('day').begins_with('2026-01-0'))
        assert r['Count'] == len([i for i in range(0, 120, 2) if i % 28 + 1 < 10]), r['Count']
        assert set(r['Items'][0].keys()) == {'pk', 'sk', 'status', 'day', 'total'}, r['Items'][0]
        r = t.query(IndexName='byDay', KeyConditionExpression=Key('pk').eq('c0') & Key('day').gte('2026-01-20'), Select='COUNT')
        assert 'Items' not in r and r['Count'] == len([i for i in range(0, 120, 3) if i % 28 + 1 >= 20]), r
        r = t.query(IndexName='byStatus', KeyConditionExpression=Key('status').eq('open'), Limit=5)
        r2 = t.query(IndexName='byStatus', KeyConditionExpression=Key('status').eq('open'), ExclusiveStartKey=r['LastEvaluatedKey'])
        assert r['Count'] + r2['Count'] == 60 and set(r['LastEvaluatedKey']) == {'pk', 'sk', 'status', 'day'}, r['LastEvaluatedKey']
        total = 0
        for seg in range(4):
            start = {}
            while True:
                r = t.scan(Segment=seg, TotalSegments=4, Limit=10, **start)
                total += r['Count']
                if 'LastEvaluatedKey' not in r:
                    break
                start = {'ExclusiveStartKey': r['LastEvaluatedKey']}
        assert total == 120, total
        r = t.scan(FilterExpression=Attr('total').lt(50) & Attr('status').not_exists())
        assert sorted(int(i['sk']) for i in r['Items']) == [1, 3], r
        assert c.scan(TableName=name, IndexName='byStatus', Select='COUNT')['Count'] == 60
        assert error(c.query, TableName=name, KeyConditionExpression='sk = :v', ExpressionAttributeValues={':v': {'N': '1'}}) == 'ValidationException: Query condition missed key schema element: pk'
        assert error(c.query, TableName=name, KeyConditionExpression='pk = :v OR sk = :w', ExpressionAttributeValues={':v': {'S': 'a'}, ':w': {'N': '1'}}) == 'ValidationException: Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR'
        assert error(c.query, TableName=name, IndexName='nope', KeyConditionExpression='pk = :v', ExpressionAttributeValues={':v': {'S': 'a'}}) == 'ValidationException: The table does not have the specified index: nope'
        c.update_table(TableName=name, AttributeDefinitions=[{'AttributeName': 'total', 'AttributeType': 'N'}],
            GlobalSecondaryIndexUpdates=[{'Create': {'IndexName': 'byTotal', 'KeySchema': [{'AttributeName': 'total', 'KeyType': 'HASH'}], 'Projection': {'ProjectionType': 'ALL'}}}])
        r = t.query(IndexName='byTotal', KeyConditionExpression=Key('total').eq(500))
        assert [int(i['sk']) for i in r['Items']] == [50], r
        c.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'byTotal'}}])
        assert [g['IndexName'] for g in c.describe_table(TableName=name)['Table']['GlobalSecondaryIndexes']] == ['byStatus']
        """);

    [Fact]
    public Task Batches_and_transactions() => RunAsync("""
        orders(name)
        put = lambda i: {'PutRequest': {'Item': {'pk': {'S': 'b'}, 'sk': {'N': str(i)}}}}
        r = c.batch_write_item(RequestItems={name: [put(i) for i in range(25)]})
        assert r['UnprocessedItems'] == {}, r
        assert error(c.batch_write_item, RequestItems={name: [put(i) for i in range(26)]}).startswith('ValidationException')
        assert error(c.batch_write_item, RequestItems={name: [put(1), put(1)]}) == 'ValidationException: Provided list of item keys contains duplicates'
        keys = [{'pk': {'S': 'b'}, 'sk': {'N': str(i)}} for i in range(30)]
        r = c.batch_get_item(RequestItems={name: {'Keys': keys, 'ProjectionExpression': 'sk'}})
        assert len(r['Responses'][name]) == 25 and r['UnprocessedKeys'] == {}, r
        assert error(c.batch_get_item, RequestItems={name: {'Keys': [{'pk': {'S': 'b'}, 'sk': {'N': str(i)}} for i in range(101)]}}) == 'ValidationException: Too many items requested for the BatchGetItem call'
        c.batch_write_item(RequestItems={name: [{'DeleteRequest': {'Key': k}} for k in keys[:5]]})
        assert c.scan(TableName=name, Select='COUNT')['Count'] == 20
        k = lambda i: {'pk': {'S': 'b'}, 'sk': {'N': str(i)}}
        c.transact_write_items(ClientRequestToken='tok-' + name, TransactItems=[
            {'Put': {'TableName': name, 'Item': {'pk': {'S': 't'}, 'sk': {'N': '1'}, 'v': {'N': '1'}}, 'ConditionExpression': 'attribute_not_exists(pk)'}},
            {'Update': {'TableName': name, 'Key': k(10), 'UpdateExpression': 'SET v = :v', 'ExpressionAttributeValues': {':v': {'N': '5'}}}},
            {'Delete': {'TableName': name, 'Key': k(11)}},
            {'ConditionCheck': {'TableName': name, 'Key': k(12), 'ConditionExpression': 'attribute_exists(sk)'}}])
        # The same token again is not applied twice (the Put's condition would fail otherwise).
        c.transact_write_items(ClientRequestToken='tok-' + name, TransactItems=[
            {'Put': {'TableName': name, 'Item': {'pk': {'S': 't'}, 'sk': {'N': '1'}, 'v': {'N': '1'}}, 'ConditionExpression': 'attribute_not_exists(pk)'}},
            {'Update': {'TableName': name, 'Key': k(10), 'UpdateExpression': 'SET v = :v', 'ExpressionAttributeValues': {':v': {'N': '5'}}}},
            {'Delete': {'TableName': name, 'Key': k(11)}},
            {'ConditionCheck': {'TableName': name, 'Key': k(12), 'ConditionExpression': 'attribute_exists(sk)'}}])
        try:
            c.transact_write_items(TransactItems=[
                {'Put': {'TableName': name, 'Item': {'pk': {'S': 't'}, 'sk': {'N': '2'}}}},
                {'Update': {'TableName': name, 'Key': k(10), 'UpdateExpression': 'SET v = :v', 'ConditionExpression': 'v = :old',
                            'ExpressionAttributeValues': {':v': {'N': '6'}, ':old': {'N': '4'}}, 'ReturnValuesOnConditionCheckFailure': 'ALL_OLD'}}])
            raise AssertionError('committed')
        except ClientError as e:
            assert e.response['Error']['Code'] == 'TransactionCanceledException', e.response
            reasons = e.response['CancellationReasons']
            assert reasons[0] == {'Code': 'None'} and reasons[1]['Code'] == 'ConditionalCheckFailed', reasons
        assert 'Item' not in c.get_item(TableName=name, Key={'pk': {'S': 't'}, 'sk': {'N': '2'}})
        assert error(c.transact_write_items, TransactItems=[{'Delete': {'TableName': name, 'Key': k(1)}}, {'Delete': {'TableName': name, 'Key': k(1)}}]) == 'ValidationException: Transaction request cannot include multiple operations on one item'
        r = c.transact_get_items(TransactItems=[{'Get': {'TableName': name, 'Key': k(10)}}, {'Get': {'TableName': name, 'Key': k(11)}}, {'Get': {'TableName': name, 'Key': {'pk': {'S': 't'}, 'sk': {'N': '1'}}}}])['Responses']
        assert r[0]['Item']['v'] == {'N': '5'} and r[1] == {} and r[2]['Item']['v'] == {'N': '1'}, r
        """);

    [Fact]
    public Task Legacy_parameters_work_as_their_expressions() => RunAsync("""
        orders(name)
        for i in range(6):
            c.put_item(TableName=name, Item={'pk': {'S': 'l'}, 'sk': {'N': str(i)}, 'v': {'N': str(i * 10)}},
                Expected={'pk': {'Exists': False}})
        assert error(c.put_item, TableName=name, Item={'pk': {'S': 'l'}, 'sk': {'N': '1'}}, Expected={'pk': {'Exists': False}}).startswith('ConditionalCheckFailedException')
        r = c.query(TableName=name, KeyConditions={'pk': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'S': 'l'}]},
                                                   'sk': {'ComparisonOperator': 'BETWEEN', 'AttributeValueList': [{'N': '1'}, {'N': '4'}]}},
            QueryFilter={'v': {'ComparisonOperator': 'GE', 'AttributeValueList': [{'N': '20'}]}}, AttributesToGet=['sk'])
        assert r['Items'] == [{'sk': {'N': '2'}}, {'sk': {'N': '3'}}, {'sk': {'N': '4'}}] and r['ScannedCount'] == 4, r
        r = c.scan(TableName=name, ScanFilter={'v': {'ComparisonOperator': 'IN', 'AttributeValueList': [{'N': '0'}, {'N': '50'}]},
                                               'sk': {'ComparisonOperator': 'NOT_NULL'}}, ConditionalOperator='AND')
        assert sorted(i['sk']['N'] for i in r['Items']) == ['0', '5'], r
        r = c.update_item(TableName=name, Key={'pk': {'S': 'l'}, 'sk': {'N': '1'}},
            AttributeUpdates={'v': {'Action': 'ADD', 'Value': {'N': '5'}}, 'tag': {'Action': 'PUT', 'Value': {'S': 'x'}}},
            Expected={'v': {'Value': {'N': '10'}}}, ReturnValues='ALL_NEW')['Attributes']
        assert r['v'] == {'N': '15'} and r['tag'] == {'S': 'x'}, r
        assert error(c.query, TableName=name, KeyConditions={'pk': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'S': 'l'}]}},
            FilterExpression='v > :v', ExpressionAttributeValues={':v': {'N': '1'}}).startswith('ValidationException: Can not use both expression and non-expression parameters')
        """);

    [Fact]
    public Task Streams_api_reads_every_change_in_order() => RunAsync("""
        t = orders(name, StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'})
        d = c.describe_table(TableName=name)['Table']
        arn = d['LatestStreamArn']
        assert arn.endswith('/stream/' + d['LatestStreamLabel']) and d['StreamSpecification']['StreamViewType'] == 'NEW_AND_OLD_IMAGES', d
        assert [x['StreamArn'] for x in s.list_streams(TableName=name)['Streams']] == [arn]
        t.put_item(Item={'pk': 'o-1', 'sk': 1, 'v': 1})
        t.update_item(Key={'pk': 'o-1', 'sk': 1}, UpdateExpression='SET v = :v', ExpressionAttributeValues={':v': 2})
        t.update_item(Key={'pk': 'o-1', 'sk': 1}, UpdateExpression='SET v = :v', ExpressionAttributeValues={':v': 2})
        t.delete_item(Key={'pk': 'o-1', 'sk': 1})
        desc = s.describe_stream(StreamArn=arn)['StreamDescription']
        assert desc['StreamStatus'] == 'ENABLED' and desc['TableName'] == name and len(desc['Shards']) == 1, desc
        shard = desc['Shards'][0]['ShardId']
        it = s.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType='TRIM_HORIZON')['ShardIterator']
        r = s.get_records(ShardIterator=it)
        recs = r['Records']
        assert [x['eventName'] for x in recs] == ['INSERT', 'MODIFY', 'REMOVE'], recs
        first = recs[0]
        assert first['eventVersion'] == '1.1' and first['eventSource'] == 'aws:dynamodb' and first['awsRegion'] == 'us-east-1'
        dyn = recs[1]['dynamodb']
        assert dyn['Keys'] == {'pk': {'S': 'o-1'}, 'sk': {'N': '1'}} and dyn['OldImage']['v'] == {'N': '1'} and dyn['NewImage']['v'] == {'N': '2'}
        assert dyn['StreamViewType'] == 'NEW_AND_OLD_IMAGES' and dyn['SizeBytes'] > 0 and isinstance(dyn['ApproximateCreationDateTime'], datetime.datetime)
        assert 'NewImage' not in recs[2]['dynamodb'] and recs[2]['dynamodb']['OldImage']['v'] == {'N': '2'}
        assert s.get_records(ShardIterator=r['NextShardIterator'])['Records'] == []
        seq = recs[1]['dynamodb']['SequenceNumber']
        at = s.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType='AT_SEQUENCE_NUMBER', SequenceNumber=seq)['ShardIterator']
        assert [x['eventName'] for x in s.get_records(ShardIterator=at)['Records']] == ['MODIFY', 'REMOVE']
        after = s.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType='AFTER_SEQUENCE_NUMBER', SequenceNumber=seq)['ShardIterator']
        assert [x['eventName'] for x in s.get_records(ShardIterator=after)['Records']] == ['REMOVE']
        latest = s.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType='LATEST')['ShardIterator']
        t.put_item(Item={'pk': 'o-2', 'sk': 1})
        assert [x['dynamodb']['Keys']['pk']['S'] for x in s.get_records(ShardIterator=latest)['Records']] == ['o-2']
        c.update_table(TableName=name, StreamSpecification={'StreamEnabled': False})
        desc = s.describe_stream(StreamArn=arn)['StreamDescription']
        assert desc['StreamStatus'] == 'DISABLED' and 'EndingSequenceNumber' in desc['Shards'][0]['SequenceNumberRange'], desc
        r = s.get_records(ShardIterator=s.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType='TRIM_HORIZON')['ShardIterator'])
        assert len(r['Records']) == 4 and 'NextShardIterator' not in r, r
        t.put_item(Item={'pk': 'o-3', 'sk': 1})
        assert len(s.get_records(ShardIterator=s.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType='TRIM_HORIZON')['ShardIterator'])['Records']) == 4
        c.update_table(TableName=name, StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'KEYS_ONLY'})
        arn2 = c.describe_table(TableName=name)['Table']['LatestStreamArn']
        assert arn2 != arn and len(s.list_streams(TableName=name)['Streams']) == 2
        assert error(s.describe_stream, StreamArn=arn + 'x').startswith('ResourceNotFoundException')
        """);

    [Fact]
    public async Task Ttl_deletes_expired_items_with_a_service_record()
    {
        var name = TablesPlatformFixture.NewTableName("ttl");
        var setup = await Boto3.RunAsync(platform.Endpoint, Preamble + $"\nname = '{name}'\n" + """
            t = orders(name, StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'OLD_IMAGE'})
            c.update_time_to_live(TableName=name, TimeToLiveSpecification={'AttributeName': 'expires', 'Enabled': True})
            assert c.describe_time_to_live(TableName=name)['TimeToLiveDescription'] == {'TimeToLiveStatus': 'ENABLED', 'AttributeName': 'expires'}
            now = int(time.time())
            t.put_item(Item={'pk': 'soon', 'sk': 1, 'expires': now + 600})
            t.put_item(Item={'pk': 'later', 'sk': 1, 'expires': now + 7200})
            t.put_item(Item={'pk': 'never', 'sk': 1})
            print('ok')
            """);
        Assert.Equal("ok", setup.EnsureSuccess().StandardOutput.Trim());

        platform.Clock.Advance(TimeSpan.FromMinutes(20));
        await platform.Engine.SweepExpiredAsync();

        var check = await Boto3.RunAsync(platform.Endpoint, Preamble + $"\nname = '{name}'\n" + """
            keys = sorted(i['pk'] for i in ddb.Table(name).scan()['Items'])
            assert keys == ['later', 'never'], keys
            arn = c.describe_table(TableName=name)['Table']['LatestStreamArn']
            shard = s.describe_stream(StreamArn=arn)['StreamDescription']['Shards'][0]['ShardId']
            recs = s.get_records(ShardIterator=s.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType='TRIM_HORIZON')['ShardIterator'])['Records']
            remove = recs[-1]
            assert remove['eventName'] == 'REMOVE' and remove['dynamodb']['OldImage']['pk'] == {'S': 'soon'}, remove
            assert remove['userIdentity'] == {'Type': 'Service', 'PrincipalId': 'dynamodb.amazonaws.com'}, remove
            assert all('userIdentity' not in r for r in recs[:-1])
            print('ok')
            """);
        Assert.Equal("ok", check.EnsureSuccess().StandardOutput.Trim());
    }
}
