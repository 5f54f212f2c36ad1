using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Tables;

/// <summary>`tables:` in platform.yaml: the platform starts with the table, its index, stream and TTL in place.</summary>
public sealed class TableConfigProvisioningTests
{
    [Fact]
    public async Task Declared_tables_exist_at_start()
    {
        var config = ConfigLoader.Parse(new StringReader("""
            tables:
              - name: declared-orders
                key: [pk:S, sk:N]
                stream: NEW_IMAGE
                ttl: expiresAt
                indexes:
                  - { name: byStatus, key: [status:S] }
            """), Path.Combine(Path.GetTempPath(), "platform.yaml"));
        await using var app = await InProcessPlatform.StartAsync(config);
        var result = await Boto3.RunAsync(app.Endpoint, """
            import os, boto3
            c = boto3.client('dynamodb', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
            t = c.describe_table(TableName='declared-orders')['Table']
            assert t['KeySchema'] == [{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}], t
            assert t['StreamSpecification'] == {'StreamEnabled': True, 'StreamViewType': 'NEW_IMAGE'} and t['LatestStreamArn'], t
            assert t['GlobalSecondaryIndexes'][0]['IndexName'] == 'byStatus'
            assert c.describe_time_to_live(TableName='declared-orders')['TimeToLiveDescription']['AttributeName'] == 'expiresAt'
            c.put_item(TableName='declared-orders', Item={'pk': {'S': 'a'}, 'sk': {'N': '1'}, 'status': {'S': 'open'}})
            assert c.query(TableName='declared-orders', IndexName='byStatus', KeyConditionExpression='#s = :s',
                ExpressionAttributeNames={'#s': 'status'}, ExpressionAttributeValues={':s': {'S': 'open'}})['Count'] == 1
            print('ok')
            """);
        Assert.Equal("ok", result.EnsureSuccess().StandardOutput.Trim());
    }
}
