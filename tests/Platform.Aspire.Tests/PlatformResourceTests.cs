using Xunit.Abstractions;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Platform.Aspire.Tests;

/// <summary>
/// The AppHost run for real by Aspire.Hosting.Testing (DCP starts the platform host and the client as
/// processes): the platform turns healthy, AWSSDK clients at its endpoint create and upload, the
/// function platform.yaml declares runs for the upload and for the message the referencing client sent
/// with nothing but the variables WithReference gave it.
/// </summary>
public sealed class PlatformResourceTests(ITestOutputHelper output)
{
    [DcpFact]
    public async Task The_platform_turns_healthy_and_runs_the_declared_function_for_the_sdk_and_the_referencing_client()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120)); // ≈ 5 s on an idle machine; generous for a loaded CI
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Platform_Aspire_AppHost>(timeout.Token);
        await using var app = await appHost.BuildAsync(timeout.Token);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await app.StartAsync(timeout.Token);
        output.WriteLine($"started {clock.ElapsedMilliseconds} ms");
        await app.ResourceNotifications.WaitForResourceHealthyAsync("aws", timeout.Token);
        output.WriteLine($"healthy {clock.ElapsedMilliseconds} ms");

        var endpoint = app.GetEndpoint("aws", PlatformResource.EndpointName);
        var credentials = new BasicAWSCredentials(PlatformResource.AccessKeyId, PlatformResource.SecretAccessKey);
        using var s3 = new AmazonS3Client(credentials, new AmazonS3Config { ServiceURL = endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        using var sqs = new AmazonSQSClient(credentials, new AmazonSQSConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" });

        await s3.PutBucketAsync("made-by-the-test", timeout.Token);
        var queue = await sqs.CreateQueueAsync("made-by-the-test", timeout.Token);
        Assert.Contains("made-by-the-test", queue.QueueUrl);
        Assert.Contains((await s3.ListBucketsAsync(timeout.Token)).Buckets, b => b.BucketName == "made-by-the-test");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "inbox", Key = "a.txt", ContentBody = "hello" }, timeout.Token);

        // One invocation for the upload, one for the client's message on `orders`.
        using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(70) };
        var invocations = await http.GetFromJsonAsync<JsonElement>("/_platform/invocations?function=echo&minCount=2&waitSeconds=60", timeout.Token);
        output.WriteLine($"invoked {clock.ElapsedMilliseconds} ms");
        var triggers = invocations.EnumerateArray().Select(i => (i.GetProperty("trigger").GetString(), i.GetProperty("outcome").GetString())).ToList();
        Assert.True(triggers.Count >= 2, invocations.ToString());
        Assert.All(triggers, t => Assert.Equal("Succeeded", t.Item2));
        Assert.Contains(triggers, t => t.Item1!.Contains("inbox", StringComparison.Ordinal));
        Assert.Contains(triggers, t => t.Item1!.Contains("orders", StringComparison.Ordinal));
    }
}
