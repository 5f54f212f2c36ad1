using System.Text.RegularExpressions;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Storage;

[Collection(StorageServerCollection.Name)]
public sealed class Boto3StorageTests(StorageServerFixture server)
{

    private const string Preamble = """
        import os, sys, json, uuid, urllib.request, urllib.error
        import boto3
        from botocore.config import Config
        s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1',
                          config=Config(s3={'addressing_style': 'path'}, signature_version='s3v4'))
        """;

    private async Task<string> PythonOkAsync(string script)
    {
        var result = await Boto3.RunAsync(new Uri(server.Endpoint), Preamble + "\n" + script);
        return result.EnsureSuccess().StandardOutput;
    }

    [Fact]
    public async Task PresignedPut_UploadedWithUrllib_IsStoredAndJournaled()
    {
        var bucket = "boto-" + Guid.NewGuid().ToString("N")[..12];
        await server.Engine.CreateBucketAsync(bucket, null, CancellationToken.None);
        var output = await PythonOkAsync($$"""
            url = s3.generate_presigned_url('put_object', Params={'Bucket': '{{bucket}}', 'Key': 'up/loaded file.txt'}, ExpiresIn=300)
            req = urllib.request.Request(url, data=b'via presigned put', method='PUT')
            with urllib.request.urlopen(req) as r:
                print(r.status)
            print(s3.get_object(Bucket='{{bucket}}', Key='up/loaded file.txt')['Body'].read().decode())
            """);
        Assert.Equal(["200", "via presigned put"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(server.Engine.ReadChanges(0, 100_000),
            c => c.Bucket == bucket && c.Key == "up/loaded file.txt" && c.EventName == "ObjectCreated:Put");
    }

    [Fact]
    public async Task PresignedPost_FormUpload_StoresObjectWithFieldsAndJournalsPost()
    {
        var bucket = "boto-" + Guid.NewGuid().ToString("N")[..12];
        await server.Engine.CreateBucketAsync(bucket, null, CancellationToken.None);
        var output = await PythonOkAsync($$"""
            post = s3.generate_presigned_post('{{bucket}}', 'forms/${filename}',
                Fields={'Content-Type': 'text/csv', 'x-amz-meta-origin': 'browser', 'success_action_status': '201'},
                Conditions=[{'Content-Type': 'text/csv'}, {'x-amz-meta-origin': 'browser'}, {'success_action_status': '201'},
                            ['starts-with', '$key', 'forms/']],
                ExpiresIn=300)
            boundary = uuid.uuid4().hex
            body = b''
            for k, v in post['fields'].items():
                body += f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            body += f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="data.csv"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            body += b'a,b\n1,2\n' + f'\r\n--{boundary}--\r\n'.encode()
            req = urllib.request.Request(post['url'], data=body, method='POST',
                                         headers={'Content-Type': f'multipart/form-data; boundary={boundary}'})
            with urllib.request.urlopen(req) as r:
                print(r.status)
                print(r.read().decode())
            head = s3.head_object(Bucket='{{bucket}}', Key='forms/data.csv')
            print(json.dumps({'type': head['ContentType'], 'meta': head['Metadata'], 'size': head['ContentLength']}))
            """);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("201", lines[0]);
        Assert.Contains("<Key>forms/data.csv</Key>", lines[1]);
        Assert.Equal("""{"type": "text/csv", "meta": {"origin": "browser"}, "size": 8}""", lines[^1]);
        Assert.Contains(server.Engine.ReadChanges(0, 100_000),
            c => c.Bucket == bucket && c.Key == "forms/data.csv" && c.EventName == "ObjectCreated:Post" && c.Size == 8);
    }

    [Fact]
    public async Task KeysWithDotDotSegments_AreStoredVerbatim_AndNothingEscapesTheDataDirectory()
    {
        var bucket = "boto-" + Guid.NewGuid().ToString("N")[..12];
        await server.Engine.CreateBucketAsync(bucket, null, CancellationToken.None);
        var parent = Path.GetDirectoryName(server.Directory.Root)!;
        var before = Directory.EnumerateFileSystemEntries(parent).ToHashSet();

        string[] keys = ["../escape.txt", "../../etc/passwd-copy", "a/../../b", "./x/./y", "..", "%2e%2e/z"];
        var output = await PythonOkAsync($$"""
            keys = {{System.Text.Json.JsonSerializer.Serialize(keys)}}
            for k in keys:
                s3.put_object(Bucket='{{bucket}}', Key=k, Body=('body of ' + k).encode())
            for k in keys:
                assert s3.get_object(Bucket='{{bucket}}', Key=k)['Body'].read().decode() == 'body of ' + k, k
            listed = [o['Key'] for o in s3.list_objects_v2(Bucket='{{bucket}}')['Contents']]
            print(json.dumps(sorted(listed), separators=(',', ':')))
            """);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(keys.Order(StringComparer.Ordinal)), output.Trim());

        // Other tests' ephemeral data directories (platform-<32 hex>) come and go beside ours.
        static bool Ours(string entry) => !Regex.IsMatch(Path.GetFileName(entry), "^platform-[0-9a-f]{32}$");
        Assert.Equal(before.Where(Ours).ToHashSet(), Directory.EnumerateFileSystemEntries(parent).Where(Ours).ToHashSet());
        var allowed = new[] { server.Directory.BodiesPath, server.Directory.TempPath };
        foreach (var entry in Directory.EnumerateFileSystemEntries(server.Directory.Root, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(entry);
            Assert.True(allowed.Contains(entry) || name.StartsWith("platform.db", StringComparison.Ordinal)
                || allowed.Contains(Path.GetDirectoryName(entry)), $"unexpected entry {entry}");
        }
    }
}
