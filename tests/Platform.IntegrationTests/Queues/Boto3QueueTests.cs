using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Queues;

/// <summary>Every SQS operation boto3 1.26 knows, through its query protocol, with the message
/// attribute MD5s recomputed on the client side the way AWS's SDKs verify them.</summary>
[Collection(SqsPlatformCollection.Name)]
public sealed class Boto3QueueTests(SqsPlatformFixture sqs)
{
    private const string Preamble = """
        import os, sys, json, hashlib, struct, base64
        import boto3
        from botocore.exceptions import ClientError
        sqs = boto3.client('sqs', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')

        def attributes_md5(attributes):
            # SQS's algorithm, as the Java and .NET SDKs check it: sorted names; length-prefixed
            # name, type, transport byte (1 string/number, 2 binary) and value.
            data = b''
            def field(b):
                return struct.pack('>I', len(b)) + b
            for name in sorted(attributes):
                value = attributes[name]
                data += field(name.encode()) + field(value['DataType'].encode())
                if 'BinaryValue' in value:
                    data += b'\x02' + field(value['BinaryValue'])
                else:
                    data += b'\x01' + field(value['StringValue'].encode())
            return hashlib.md5(data).hexdigest()

        def error_code(call):
            try:
                call()
            except ClientError as e:
                return e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']
            raise AssertionError('no error')
        """;

    private async Task<string> PythonOkAsync(string script) =>
        (await Boto3.RunAsync(sqs.Endpoint, Preamble + "\n" + script)).EnsureSuccess().StandardOutput.Trim();

    [Fact]
    public async Task Queue_operations()
    {
        var prefix = SqsPlatformFixture.UniqueName("boto");
        var output = await PythonOkAsync($$$"""
            p = '{{{prefix}}}'
            url = sqs.create_queue(QueueName=p + '-a', Attributes={'VisibilityTimeout': '40'}, tags={'k': 'v'})['QueueUrl']
            sqs.create_queue(QueueName=p + '-b')
            # Idempotent with the same attributes; QueueAlreadyExists with different ones.
            assert sqs.create_queue(QueueName=p + '-a', Attributes={'VisibilityTimeout': '40'})['QueueUrl'] == url
            print(error_code(lambda: sqs.create_queue(QueueName=p + '-a', Attributes={'VisibilityTimeout': '41'})))
            assert sqs.get_queue_url(QueueName=p + '-a')['QueueUrl'] == url
            names = [u.split('/')[-1] for u in sqs.list_queues(QueueNamePrefix=p)['QueueUrls']]
            assert names == [p + '-a', p + '-b'], names
            first = sqs.list_queues(QueueNamePrefix=p, MaxResults=1)
            rest = sqs.list_queues(QueueNamePrefix=p, MaxResults=1, NextToken=first['NextToken'])
            assert [u.split('/')[-1] for u in first['QueueUrls'] + rest['QueueUrls']] == names
            assert 'NextToken' not in rest
            sqs.set_queue_attributes(QueueUrl=url, Attributes={'DelaySeconds': '2', 'ReceiveMessageWaitTimeSeconds': '3'})
            attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=['All'])['Attributes']
            assert attrs['DelaySeconds'] == '2' and attrs['ReceiveMessageWaitTimeSeconds'] == '3' and attrs['VisibilityTimeout'] == '40', attrs
            print(error_code(lambda: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=['Bogus'])))
            print(error_code(lambda: sqs.set_queue_attributes(QueueUrl=url, Attributes={'VisibilityTimeout': '99999'})))
            sqs.tag_queue(QueueUrl=url, Tags={'a': '1'})
            sqs.untag_queue(QueueUrl=url, TagKeys=['k'])
            assert sqs.list_queue_tags(QueueUrl=url)['Tags'] == {'a': '1'}
            sqs.purge_queue(QueueUrl=url)
            print(error_code(lambda: sqs.purge_queue(QueueUrl=url)))
            sqs.delete_queue(QueueUrl=url)
            print(error_code(lambda: sqs.get_queue_url(QueueName=p + '-a')))
            print(error_code(lambda: sqs.create_queue(QueueName='bad name!')))
            """);
        Assert.Equal("""
            ('QueueAlreadyExists', 400)
            ('InvalidAttributeName', 400)
            ('InvalidAttributeValue', 400)
            ('AWS.SimpleQueueService.PurgeQueueInProgress', 403)
            ('AWS.SimpleQueueService.NonExistentQueue', 400)
            ('InvalidParameterValue', 400)
            """.ReplaceLineEndings("\n"), output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Message_operations_with_verified_digests()
    {
        var name = SqsPlatformFixture.UniqueName("boto-msg");
        var output = await PythonOkAsync($$$"""
            url = sqs.create_queue(QueueName='{{{name}}}')['QueueUrl']
            attributes = {
                'text': {'DataType': 'String', 'StringValue': 'héllo'},
                'num': {'DataType': 'Number', 'StringValue': '42'},
                'bin': {'DataType': 'Binary', 'BinaryValue': b'\x00\xff\x10'},
                'custom': {'DataType': 'Number.int', 'StringValue': '7'},
            }
            body = 'x' * 1000 + '\u00e9\U0001F600'
            sent = sqs.send_message(QueueUrl=url, MessageBody=body, MessageAttributes=attributes, DelaySeconds=0)
            assert sent['MD5OfMessageBody'] == hashlib.md5(body.encode()).hexdigest()
            assert sent['MD5OfMessageAttributes'] == attributes_md5(attributes), (sent, attributes_md5(attributes))
            traced = sqs.send_message(QueueUrl=url, MessageBody='traced',
                MessageSystemAttributes={'AWSTraceHeader': {'DataType': 'String', 'StringValue': 'Root=1-5759e988-bd862e3fe1be46a994272793'}})
            assert traced['MD5OfMessageSystemAttributes'] == attributes_md5({'AWSTraceHeader': {'DataType': 'String', 'StringValue': 'Root=1-5759e988-bd862e3fe1be46a994272793'}})

            got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=['SentTimestamp', 'ApproximateReceiveCount'],
                                      MessageAttributeNames=['All'], VisibilityTimeout=60, WaitTimeSeconds=1)['Messages']
            assert len(got) == 2, got
            m = [g for g in got if g['MessageId'] == sent['MessageId']][0]
            assert m['Body'] == body and m['MD5OfBody'] == sent['MD5OfMessageBody']
            assert m['MessageAttributes']['bin']['BinaryValue'] == b'\x00\xff\x10'
            assert m['MD5OfMessageAttributes'] == attributes_md5(m['MessageAttributes'])
            assert set(m['Attributes']) == {'SentTimestamp', 'ApproximateReceiveCount'}, m['Attributes']

            sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=m['ReceiptHandle'], VisibilityTimeout=0)
            again = sqs.receive_message(QueueUrl=url, MessageAttributeNames=['text', 'num', 'no.such.*'], AttributeNames=['All'], WaitTimeSeconds=2)['Messages'][0]
            assert again['MessageId'] == sent['MessageId']
            assert set(again['MessageAttributes']) == {'text'} | {'num'}, again['MessageAttributes']
            assert again['MD5OfMessageAttributes'] == attributes_md5(again['MessageAttributes'])
            assert again['Attributes']['ApproximateReceiveCount'] == '2'
            print(error_code(lambda: sqs.delete_message(QueueUrl=url, ReceiptHandle=m['ReceiptHandle'])))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=again['ReceiptHandle'])

            batch = sqs.send_message_batch(QueueUrl=url, Entries=[
                {'Id': 'one', 'MessageBody': 'b1', 'MessageAttributes': {'n': {'DataType': 'Number', 'StringValue': '1'} } },
                {'Id': 'two', 'MessageBody': 'b2', 'DelaySeconds': 0}])
            assert sorted(e['Id'] for e in batch['Successful']) == ['one', 'two'] and 'Failed' not in batch, batch
            one = [e for e in batch['Successful'] if e['Id'] == 'one'][0]
            assert one['MD5OfMessageAttributes'] == attributes_md5({'n': {'DataType': 'Number', 'StringValue': '1'}})
            msgs = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)['Messages']
            handles = [{'Id': 'h%d' % i, 'ReceiptHandle': x['ReceiptHandle']} for i, x in enumerate(msgs)]
            changed = sqs.change_message_visibility_batch(QueueUrl=url, Entries=[dict(h, VisibilityTimeout=30) for h in handles])
            assert len(changed['Successful']) == len(handles)
            deleted = sqs.delete_message_batch(QueueUrl=url, Entries=handles + [{'Id': 'forged', 'ReceiptHandle': 'AAAA'}])
            assert len(deleted['Successful']) == len(handles)
            print(deleted['Failed'][0]['Id'], deleted['Failed'][0]['Code'], deleted['Failed'][0]['SenderFault'])
            print(error_code(lambda: sqs.send_message_batch(QueueUrl=url, Entries=[{'Id': 'same', 'MessageBody': 'a'}, {'Id': 'same', 'MessageBody': 'b'}])))
            print(error_code(lambda: sqs.delete_message_batch(QueueUrl=url, Entries=[{'Id': str(i), 'ReceiptHandle': 'x'} for i in range(11)])))
            """);
        Assert.Equal("""
            ('ReceiptHandleIsInvalid', 404)
            forged ReceiptHandleIsInvalid True
            ('AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400)
            ('AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400)
            """.ReplaceLineEndings("\n"), output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task AWSTraceHeader_is_kept_with_the_message_and_returned_when_asked_for()
    {
        var name = SqsPlatformFixture.UniqueName("boto-trace");
        var output = await PythonOkAsync($$$"""
            url = sqs.create_queue(QueueName='{{{name}}}')['QueueUrl']
            header = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'
            sqs.send_message(QueueUrl=url, MessageBody='traced',
                MessageSystemAttributes={'AWSTraceHeader': {'DataType': 'String', 'StringValue': header}})
            m = sqs.receive_message(QueueUrl=url, AttributeNames=['AWSTraceHeader'], VisibilityTimeout=0, WaitTimeSeconds=2)['Messages'][0]
            assert m['Attributes'] == {'AWSTraceHeader': header}, m
            m = sqs.receive_message(QueueUrl=url, AttributeNames=['SentTimestamp'], WaitTimeSeconds=2)['Messages'][0]
            assert 'AWSTraceHeader' not in m['Attributes'], m
            print('ok')
            """);
        Assert.Equal("ok", output);
    }

    [Fact]
    public async Task Fifo_and_dead_letter_sources()
    {
        var name = SqsPlatformFixture.UniqueName("boto");
        var output = await PythonOkAsync($$$"""
            dlq = sqs.create_queue(QueueName='{{{name}}}-dlq.fifo', Attributes={'FifoQueue': 'true'})['QueueUrl']
            arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
            src = sqs.create_queue(QueueName='{{{name}}}.fifo', Attributes={'FifoQueue': 'true',
                'RedrivePolicy': json.dumps({'deadLetterTargetArn': arn, 'maxReceiveCount': 3})})['QueueUrl']
            assert sqs.list_dead_letter_source_queues(QueueUrl=dlq)['queueUrls'] == [src]
            for i in range(3):
                sqs.send_message(QueueUrl=src, MessageBody='m%d' % i, MessageGroupId='g', MessageDeduplicationId='d%d' % i)
            first = sqs.receive_message(QueueUrl=src, MaxNumberOfMessages=10, AttributeNames=['All'])['Messages']
            # One group, in order; the group stays blocked while its messages are in flight.
            print([m['Body'] for m in first], first[0]['Attributes']['MessageGroupId'])
            assert 'Messages' not in sqs.receive_message(QueueUrl=src)
            print(error_code(lambda: sqs.send_message(QueueUrl=src, MessageBody='no dedup', MessageGroupId='g')))
            """);
        Assert.Equal("""
            ['m0', 'm1', 'm2'] g
            ('InvalidParameterValue', 400)
            """.ReplaceLineEndings("\n"), output.ReplaceLineEndings("\n"));
    }
}
