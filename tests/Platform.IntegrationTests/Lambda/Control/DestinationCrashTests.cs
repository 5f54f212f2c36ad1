using System.Globalization;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Lambda.Control;

/// <summary>
/// An SNS on-failure destination under a real crash: four boto3 clients invoke a failing function
/// asynchronously (no retries; its on-failure destination is an SNS topic with an SQS subscription)
/// while the load script SIGKILLs `platform up`. After a restart on the same data directory, every
/// acknowledged (202) invocation's failure record arrives on the subscribed queue at least once:
/// the async event is deleted only after the topic's outbox holds the record, and the outbox is
/// delivered after the restart.
/// </summary>
public sealed class DestinationCrashTests
{
    private const int KillAfter = 200;

    [Fact]
    public async Task Every_acknowledged_async_invocations_failure_record_reaches_the_SNS_destination_after_a_sigkill()
    {
        var root = Directory.CreateTempSubdirectory("platform-destination-crash-").FullName;
        var config = Path.Combine(root, "platform.yaml");
        await File.WriteAllTextAsync(config, "region: us-east-1\n");
        var port = PlatformProcess.FreePort();
        var endpoint = new Uri($"http://127.0.0.1:{port}");
        string[] arguments = ["up", "--config", config, "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", Path.Combine(root, "data")];
        var host = await HostProcess.StartAsync(arguments, root, "Platform ready on ", TimeSpan.FromSeconds(60));
        try
        {
            (await Boto3.RunAsync(endpoint, """
                import io, os, time, zipfile, boto3
                e = os.environ['ENDPOINT']
                lam = boto3.client('lambda', endpoint_url=e, region_name='us-east-1')
                sns = boto3.client('sns', endpoint_url=e, region_name='us-east-1')
                sqs = boto3.client('sqs', endpoint_url=e, region_name='us-east-1')
                sqs.create_queue(QueueName='failures')
                topic = sns.create_topic(Name='failures')['TopicArn']
                sns.subscribe(TopicArn=topic, Protocol='sqs', Endpoint='arn:aws:sqs:us-east-1:000000000000:failures',
                              Attributes={'RawMessageDelivery': 'true'})
                buffer = io.BytesIO()
                with zipfile.ZipFile(buffer, 'w') as z:
                    z.writestr('app.py', "def handler(e, c):\n    raise ValueError(e['id'])\n")
                lam.create_function(FunctionName='fails', Runtime='python3.12', Handler='app.handler',
                                    Role='arn:aws:iam::000000000000:role/lambda', Code={'ZipFile': buffer.getvalue()}, Timeout=10)
                deadline = time.time() + 90
                while lam.get_function(FunctionName='fails')['Configuration']['State'] != 'Active':
                    assert time.time() < deadline
                    time.sleep(0.1)
                lam.put_function_event_invoke_config(FunctionName='fails', MaximumRetryAttempts=0,
                                                     DestinationConfig={'OnFailure': {'Destination': topic}})
                """)).EnsureSuccess();

            // The script kills the platform once enough invocations were acknowledged, while its
            // threads keep invoking and the function is failing earlier events into the topic.
            var acknowledged = await CrashLoad.RunAsync(endpoint, host.ProcessId,
                "lam = boto3.client('lambda', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', config=cfg)",
                "assert lam.invoke(FunctionName='fails', InvocationType='Event', Payload=json.dumps({'id': key}))['StatusCode'] == 202", killAfter: KillAfter, threads: 4);
            await host.DisposeAsync();

            host = await HostProcess.StartAsync(arguments, root, "Platform ready on ", TimeSpan.FromSeconds(60));
            var ackedPath = Path.Combine(root, "acked.json");
            await File.WriteAllTextAsync(ackedPath, JsonSerializer.Serialize(acknowledged));
            // Drains the subscribed queue (long polls, no sleeps) until every acknowledged id's record came.
            var drain = await ProcessRunner.RunAsync("/usr/bin/python3", ["-"], new Dictionary<string, string>(AwsCli.Credentials)
            {
                ["ENDPOINT"] = endpoint.ToString().TrimEnd('/'),
                ["ACKED"] = ackedPath,
            }, """
                import os, json, time, boto3
                sqs = boto3.client('sqs', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
                url = sqs.get_queue_url(QueueName='failures')['QueueUrl']
                missing = set(json.load(open(os.environ['ACKED'])))
                deadline = time.time() + 150
                while missing and time.time() < deadline:
                    for m in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=2, MaxNumberOfMessages=10).get('Messages', []):
                        record = json.loads(m['Body'])
                        assert record['requestContext']['condition'] == 'RetriesExhausted', record
                        missing.discard(record['requestPayload']['id'])
                        sqs.delete_message(QueueUrl=url, ReceiptHandle=m['ReceiptHandle'])
                print(json.dumps(sorted(missing)))
                """, TimeSpan.FromMinutes(4));
            var missing = JsonSerializer.Deserialize<List<string>>(drain.EnsureSuccess().StandardOutput)!;
            Assert.True(missing.Count == 0,
                $"{missing.Count} of {acknowledged.Count} acknowledged invocations' failure records never arrived, e.g. {string.Join(", ", missing.Take(5))}");
        }
        finally
        {
            await host.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }
}
