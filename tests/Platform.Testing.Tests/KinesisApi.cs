using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Platform.Testing.Tests;

/// <summary>PutRecord over Kinesis's JSON protocol: the AWS SDK for .NET's Kinesis client is not
/// available here, so the test speaks the wire protocol any SDK speaks.</summary>
internal static class KinesisApi
{
    public static async Task PutRecordAsync(PlatformTestHost platform, string stream, string partitionKey, string data)
    {
        using var http = new HttpClient();
        var body = JsonSerializer.Serialize(new { StreamName = stream, PartitionKey = partitionKey, Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(data)) });
        using var request = new HttpRequestMessage(HttpMethod.Post, platform.Endpoint)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "Kinesis_20131202.PutRecord");
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
