using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Events;

/// <summary>EventBridge and Scheduler through Debian's boto3 (botocore 1.29); each script asserts on
/// what boto3 parsed and prints "ok".</summary>
[Collection(EventsPlatformCollection.Name)]
public sealed class Boto3EventsTests(EventsPlatformFixture platform)
{
    private const string Preamble = """
        import os, json, time, datetime
        import boto3
        from botocore.exceptions import ClientError
        ev = boto3.client('events', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
        sc = boto3.client('scheduler', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
        sqs = boto3.client('sqs', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
        def error(call, **kwargs):
            try:
                call(**kwargs)
            except ClientError as e:
                return e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']
            raise AssertionError('no error from ' + call.__name__)
        """;

    private async Task RunAsync(string script)
    {
        var name = EventsPlatformFixture.UniqueName("boto");
        var result = await Boto3.RunAsync(platform.Endpoint, Preamble + $"\nname = '{name}'\n" + script + "\nprint('ok')\n");
        Assert.Equal("ok", result.EnsureSuccess().StandardOutput.Trim());
    }

    [Fact]
    public Task Rule_to_fifo_queue_with_input_transformer() => RunAsync("""
        url = sqs.create_queue(QueueName=name + '.fifo', Attributes={'FifoQueue': 'true'})['QueueUrl']
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
        ev.put_rule(Name=name, EventPattern=json.dumps({'source': ['boto.app'], 'detail': {'kind': [{'anything-but': 'skip'}]}}))
        assert error(ev.put_targets, Rule=name, Targets=[{'Id': 'q', 'Arn': arn}]) == ('ValidationException', 400)
        r = ev.put_targets(Rule=name, Targets=[{'Id': 'q', 'Arn': arn, 'SqsParameters': {'MessageGroupId': 'g'},
            'InputTransformer': {'InputPathsMap': {'k': '$.detail.kind', 'src': '$.source'}, 'InputTemplate': '{"kind": <k>, "from": "<src>"}'}}])
        assert r['FailedEntryCount'] == 0, r
        r = ev.put_events(Entries=[{'Source': 'boto.app', 'DetailType': 't', 'Detail': json.dumps({'kind': k})} for k in ['a', 'skip', 'b']])
        assert r['FailedEntryCount'] == 0 and len(r['Entries']) == 3, r
        bodies = []
        for _ in range(10):
            got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=5, AttributeNames=['MessageGroupId'])
            for m in got.get('Messages', []):
                assert m['Attributes']['MessageGroupId'] == 'g', m
                bodies.append(json.loads(m['Body']))
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m['ReceiptHandle'])
            if len(bodies) >= 2: break
        assert bodies == [{'kind': 'a', 'from': 'boto.app'}, {'kind': 'b', 'from': 'boto.app'}], bodies
        t = ev.list_targets_by_rule(Rule=name)['Targets'][0]
        assert t['InputTransformer']['InputPathsMap'] == {'k': '$.detail.kind', 'src': '$.source'}, t
        d = ev.describe_rule(Name=name)
        assert d['Arn'].endswith(':rule/' + name) and d['State'] == 'ENABLED', d
        assert error(ev.describe_rule, Name='missing-' + name) == ('ResourceNotFoundException', 400)
        assert error(ev.put_events, Entries=[{'Source': 'a', 'DetailType': 't', 'Detail': '{}'}] * 11)[0] == 'ValidationException'
        assert ev.test_event_pattern(EventPattern='{"source":[{"wildcard":"boto.*"}]}',
            Event=json.dumps({'id': '1', 'account': '1', 'source': 'boto.app', 'time': '2026-01-01T00:00:00Z', 'region': 'us-east-1', 'detail-type': 't', 'detail': {}}))['Result']
        """);

    [Fact]
    public Task Failed_deliveries_go_to_the_dead_letter_queue() => RunAsync("""
        dlq = sqs.create_queue(QueueName=name + '-dlq')['QueueUrl']
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
        ev.put_rule(Name=name, EventPattern='{"source":["boto.dlq"]}')
        ev.put_targets(Rule=name, Targets=[{'Id': 'gone', 'Arn': 'arn:aws:lambda:us-east-1:000000000000:function:does-not-exist',
            'RetryPolicy': {'MaximumRetryAttempts': 0}, 'DeadLetterConfig': {'Arn': dlq_arn}}])
        ev.put_events(Entries=[{'Source': 'boto.dlq', 'DetailType': 't', 'Detail': '{"n":1}'}])
        got = sqs.receive_message(QueueUrl=dlq, WaitTimeSeconds=20, MessageAttributeNames=['All'])['Messages'][0]
        attributes = {k: v['StringValue'] for k, v in got['MessageAttributes'].items()}
        assert attributes['ERROR_CODE'] == 'ResourceNotFoundException', attributes
        assert attributes['EXHAUSTED_RETRY_CONDITION'] == 'MaximumRetryAttemptsExhausted', attributes
        assert attributes['RULE_ARN'].endswith(':rule/' + name), attributes
        assert json.loads(got['Body'])['detail'] == {'n': 1}, got['Body']
        """);

    [Fact]
    public Task Scheduler_operations() => RunAsync("""
        sc.create_schedule_group(Name=name, Tags=[{'Key': 'team', 'Value': 'a'}])
        garn = sc.get_schedule_group(Name=name)['Arn']
        assert sc.list_tags_for_resource(ResourceArn=garn)['Tags'] == [{'Key': 'team', 'Value': 'a'}]
        sc.tag_resource(ResourceArn=garn, Tags=[{'Key': 'env', 'Value': 'dev'}])
        sc.untag_resource(ResourceArn=garn, TagKeys=['team'])
        assert sc.list_tags_for_resource(ResourceArn=garn)['Tags'] == [{'Key': 'env', 'Value': 'dev'}]
        target = {'Arn': 'arn:aws:sqs:us-east-1:000000000000:q', 'RoleArn': 'arn:aws:iam::000000000000:role/r',
                  'RetryPolicy': {'MaximumRetryAttempts': 3, 'MaximumEventAgeInSeconds': 120}}
        start = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
        for i in range(3):
            sc.create_schedule(Name=f's{i}', GroupName=name, ScheduleExpression='cron(0 9 ? * MON-FRI *)', ScheduleExpressionTimezone='America/New_York',
                FlexibleTimeWindow={'Mode': 'OFF'}, Target=target, StartDate=start)
        s = sc.get_schedule(Name='s0', GroupName=name)
        assert s['ScheduleExpression'] == 'cron(0 9 ? * MON-FRI *)' and s['Target']['RetryPolicy']['MaximumRetryAttempts'] == 3, s
        assert abs((s['StartDate'] - start).total_seconds()) < 1, s
        page = sc.list_schedules(GroupName=name, MaxResults=2)
        assert len(page['Schedules']) == 2 and 'NextToken' in page, page
        rest = sc.list_schedules(GroupName=name, NextToken=page['NextToken'])
        assert [x['Name'] for x in rest['Schedules']] == ['s2'], rest
        assert error(sc.create_schedule, Name='bad', GroupName=name, ScheduleExpression='rate(1 minutes)', FlexibleTimeWindow={'Mode': 'OFF'}, Target=target) == ('ValidationException', 400)
        assert error(sc.create_schedule, Name='bad', GroupName='nope-' + name, ScheduleExpression='rate(1 minute)', FlexibleTimeWindow={'Mode': 'OFF'}, Target=target) == ('ResourceNotFoundException', 404)
        assert error(sc.create_schedule_group, Name=name) == ('ConflictException', 409)
        assert error(sc.get_schedule, Name='nope', GroupName=name) == ('ResourceNotFoundException', 404)
        sc.delete_schedule_group(Name=name)
        assert error(sc.get_schedule, Name='s0', GroupName=name) == ('ResourceNotFoundException', 404)
        """);
}
