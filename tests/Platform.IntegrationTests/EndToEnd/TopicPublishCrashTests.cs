using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>
/// The durability promise of SNS under a real crash: 8 publishers publish to a topic (declared in
/// platform.yaml with two SQS subscriptions, one filtered) while `platform up` is SIGKILLed. After
/// a restart on the same data directory, every publish that was acknowledged reaches each matching
/// queue at least once — the outbox row committed before the answer, and fan-out resumes from it.
/// </summary>
public sealed partial class TopicPublishCrashTests
{
    [Fact]
    public async Task Every_acknowledged_publish_reaches_every_matching_subscription_after_a_sigkill()
    {
        var dir = Directory.CreateTempSubdirectory("platform-sns-crash-");
        var dataDir = Path.Combine(dir.FullName, "data");
        var config = Path.Combine(dir.FullName, "platform.yaml");
        await File.WriteAllTextAsync(config, """
            queues:
              - name: all
              - name: even
            topics:
              - name: orders
                subscriptions:
                  - { protocol: sqs, endpoint: all, rawMessageDelivery: true }
                  - { protocol: sqs, endpoint: even, rawMessageDelivery: true, filterPolicy: '{"parity":["even"]}' }
            """);
        var port = PlatformProcess.FreePort();
        var platform = await PlatformProcess.StartAsync(config, dataDir, port);
        var acknowledged = new ConcurrentDictionary<int, bool>();
        try
        {
            var midLoad = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var publishers = Enumerable.Range(0, 8).Select(p => PublishUntilRefusedAsync(platform.Endpoint, p, acknowledged, midLoad)).ToArray();
            await midLoad.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await platform.KillAsync();
            await Task.WhenAll(publishers);
            await platform.DisposeAsync();

            platform = await PlatformProcess.StartAsync(config, dataDir, port);
            await DrainAsync(platform.Endpoint, "all", acknowledged.Keys.ToHashSet());
            var even = await DrainAsync(platform.Endpoint, "even", acknowledged.Keys.Where(n => n % 2 == 0).ToHashSet());
            // The filter held across the crash: no odd order reached the filtered queue.
            Assert.DoesNotContain(even, n => n % 2 != 0);
        }
        finally
        {
            await platform.DisposeAsync();
        }
        dir.Delete(recursive: true);
    }

    /// <summary>Publishes "order n" until the platform stops answering; records the acknowledged n.</summary>
    private static async Task PublishUntilRefusedAsync(Uri endpoint, int publisher, ConcurrentDictionary<int, bool> acknowledged,
        TaskCompletionSource midLoad)
    {
        using var client = Client(endpoint);
        for (var n = publisher; ; n += 8)
        {
            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Action"] = "Publish", ["TopicArn"] = "arn:aws:sns:us-east-1:000000000000:orders", ["Message"] = $"order {n}",
                ["MessageAttributes.entry.1.Name"] = "parity", ["MessageAttributes.entry.1.Value.DataType"] = "String",
                ["MessageAttributes.entry.1.Value.StringValue"] = n % 2 == 0 ? "even" : "odd",
            });
            try
            {
                using var response = await client.PostAsync("/", form);
                if (!response.IsSuccessStatusCode)
                    return;
                acknowledged[n] = true;
                if (acknowledged.Count >= 150)
                    midLoad.TrySetResult();
            }
            catch (HttpRequestException)
            {
                return;
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Receives (and deletes) until every expected order arrived; returns what arrived.</summary>
    private static async Task<HashSet<int>> DrainAsync(Uri endpoint, string queue, HashSet<int> expected)
    {
        using var client = new HttpClient { BaseAddress = endpoint };
        var seen = new HashSet<int>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(120);
        while (!expected.IsSubsetOf(seen))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{queue}: {expected.Except(seen).Count()} acknowledged publishes never arrived");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { QueueUrl = $"{endpoint.ToString().TrimEnd('/')}/000000000000/{queue}",
                    MaxNumberOfMessages = 10, WaitTimeSeconds = 2 })),
            };
            request.Headers.Add("X-Amz-Target", "AmazonSQS.ReceiveMessage");
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
            using var response = await client.SendAsync(request);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (!body.RootElement.TryGetProperty("Messages", out var messages))
                continue;
            foreach (var message in messages.EnumerateArray())
                seen.Add(int.Parse(OrderNumber().Match(message.GetProperty("Body").GetString()!).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        return seen;
    }

    private static HttpClient Client(Uri endpoint)
    {
        var client = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
        // Auth is off on loopback; the credential scope is what says "SNS" to the edge router.
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=00");
        return client;
    }

    [GeneratedRegex(@"^order (\d+)$")]
    private static partial Regex OrderNumber();
}
