using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Hardening;

/// <summary>Issue 16 item 6 in a real browser (headless Chromium): a page of a foreign site that
/// POSTs an SQS message to the platform sends nothing, while the same page on a loopback origin does; and a name
/// rebound to 127.0.0.1 gets no answer from the APIs.</summary>
[Collection(HardeningPlatformCollection.Name)]
public sealed class ChromiumGuardTests(HardeningPlatformFixture platform, ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task ForeignPage_CannotSend_LoopbackPageCan_ReboundNameIsRefused()
    {
        if (!File.Exists(Chromium))
        {
            output.WriteLine("SKIPPED: no /usr/bin/chromium (apt-get install chromium).");
            return;
        }

        var queue = "browser-" + Guid.NewGuid().ToString("N")[..8];
        var aws = new AwsCli(platform.Endpoint);
        var queueUrl = System.Text.Json.JsonDocument.Parse(await aws.RunOkAsync("sqs", "create-queue", "--queue-name", queue))
            .RootElement.GetProperty("QueueUrl").GetString()!;

        await using var site = await ServeAsync(Page(platform.Port, queueUrl));
        await BrowseAsync($"http://evil.test:{site.Port}/");
        await BrowseAsync($"http://localhost:{site.Port}/");

        var received = await aws.RunAsync("sqs", "receive-message", "--queue-url", queueUrl, "--max-number-of-messages", "10", "--wait-time-seconds", "2");
        var bodies = received.StandardOutput + received.StandardError;
        Assert.Contains("from-localhost", bodies);
        Assert.DoesNotContain("from-evil.test", bodies);
        // DNS rebinding: the page's name now points at the platform; the APIs do not answer it.
        var rebound = await BrowseAsync($"http://evil.test:{platform.Port}/{HardeningPlatformFixture.Bucket}?list-type=2");
        Assert.Contains("AccessDenied", rebound);
        Assert.DoesNotContain("ListBucketResult", rebound);
    }

    private async Task<string> BrowseAsync(string url)
    {
        var result = await ProcessRunner.RunAsync(Chromium,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + Path.Combine(Path.GetTempPath(), "chromium-" + Guid.NewGuid().ToString("N")),
            "--host-resolver-rules=MAP evil.test 127.0.0.1", "--timeout=6000", "--dump-dom", url,
        ], new Dictionary<string, string>(), "");
        output.WriteLine($"{url} → exit {result.ExitCode}: {result.StandardOutput[..Math.Min(400, result.StandardOutput.Length)]}");
        return result.StandardOutput;
    }

    /// <summary>A page that, once loaded, sends an SQS message naming its own host.</summary>
    private static string Page(int platformPort, string queueUrl) => $$"""
        <!doctype html><html><body><p id="out">running</p><script>
        (async () => {
          const host = location.hostname, out = [];
          try {
            const r = await fetch("http://127.0.0.1:{{platformPort}}/", { method: "POST",
              headers: { "Content-Type": "application/x-www-form-urlencoded" },
              body: "Action=SendMessage&QueueUrl=" + encodeURIComponent("{{queueUrl}}") + "&MessageBody=from-" + host });
            out.push("sqs " + r.status);
          } catch (e) { out.push("sqs blocked"); }
          document.getElementById("out").textContent = out.join(", ");
        })();
        </script></body></html>
        """;

    private static async Task<Site> ServeAsync(string html)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync(html);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Site(app, new Uri(address).Port);
    }

    private sealed record Site(WebApplication App, int Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
