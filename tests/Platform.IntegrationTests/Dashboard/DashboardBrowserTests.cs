using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard in a real headless Chromium: what a user does on the page reaches the platform, and
/// what the platform does shows up on the page, live. Each test writes the screenshot of its view to
/// docs/screenshots.
/// </summary>
[Collection(nameof(DashboardBrowserTests))]
public sealed class DashboardBrowserTests(DashboardPlatformFixture platform, HeadlessChromium chromium)
    : IClassFixture<DashboardPlatformFixture>, IClassFixture<HeadlessChromium>
{
    [Fact]
    public async Task A_file_uploaded_in_the_page_runs_the_function_and_its_invocation_appears_live_with_its_log()
    {
        var page = await chromium.OpenAsync(platform.Endpoint, "buckets");
        await page.Locator("tr[data-bucket='uploads']").ClickAsync();
        var file = Path.Combine(Path.GetTempPath(), $"holiday-{Guid.NewGuid():N}.jpg");
        await File.WriteAllTextAsync(file, "not really a jpeg");
        await page.Locator("#upload-input").SetInputFilesAsync(file);
        var name = Path.GetFileName(file);
        await page.Locator("#objects", new() { HasText = name }).WaitForAsync();
        await page.ScreenshotAsync(new() { Path = HeadlessChromium.ScreenshotPath("buckets") });

        await page.Locator("button[data-view='invocations']").ClickAsync();
        // The row arrives over the event stream (the list was loaded before, or the invocation is in it).
        var row = page.Locator("#invocation-rows tr", new() { HasText = "thumbs" }).First;
        await row.WaitForAsync();
        await row.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#detail-logs")).ToContainTextAsync("made a thumbnail of " + name);
        await Assertions.Expect(page.Locator("#detail-event")).ToContainTextAsync("\"eventSource\": \"aws:s3\"");
        await Assertions.Expect(page.Locator("#detail-response")).ToContainTextAsync(name + ".png");
        await page.ScreenshotAsync(new() { Path = HeadlessChromium.ScreenshotPath("invocations") });
    }

    [Fact]
    public async Task A_dead_letter_queue_is_peeked_without_receiving_and_redriven_to_its_source_from_the_page()
    {
        platform.Broken = true;
        for (var i = 0; i < 3; i++)
            (await platform.Http!.PostAsync("/_platform/queues/orders/messages", new StringContent($"order {i}"))).EnsureSuccessStatusCode();
        // One failed receive each, then the next receive moves them to the DLQ (maxReceiveCount 1).
        await WaitForAsync(async () => (await PeekAsync("orders-dlq")).Length == 3, "3 messages on orders-dlq");

        var page = await chromium.OpenAsync(platform.Endpoint, "queues");
        await page.Locator("tr[data-queue='orders-dlq']").ClickAsync();
        await Assertions.Expect(page.Locator("#peek tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#peek")).ToContainTextAsync("order 1");
        await page.ScreenshotAsync(new() { Path = HeadlessChromium.ScreenshotPath("queues") });
        // Peeking twice (the page and this) received nothing: still visible, receive counts untouched by the peek.
        var peeked = await PeekAsync("orders-dlq");
        Assert.All(peeked, m => Assert.Equal("visible", m.GetProperty("state").GetString()));

        platform.Broken = false;
        await page.Locator("#redrive").ClickAsync();
        await Assertions.Expect(page.Locator("#toast")).ToContainTextAsync("Redrive completed: 3 of 3 moved to orders");
        await WaitForAsync(async () => (await PeekAsync("orders-dlq")).Length == 0 && (await PeekAsync("orders")).Length == 0, "the redriven messages handled");
        var succeeded = await platform.Http!.GetFromJsonAsync<JsonElement[]>("/_platform/invocations?function=orders&outcome=Succeeded&minCount=3&waitSeconds=30");
        Assert.Equal(3, succeeded!.Length);
    }

    [Fact]
    public async Task A_mapping_disabled_in_the_topology_lets_messages_pile_up_until_it_is_enabled_again()
    {
        platform.Broken = false;
        var page = await chromium.OpenAsync(platform.Endpoint, "topology");
        var edge = page.Locator($"[data-edge='{DashboardPlatformFixture.MappingUuid("payments")}']");
        await edge.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await edge.GetByRole(AriaRole.Button, new() { Name = "Enable" }).WaitForAsync();
        await WaitForAsync(async () => !(await MappingAsync("payments")).GetProperty("running").GetBoolean(), "the payments worker stopped");

        for (var i = 0; i < 4; i++)
            (await platform.Http!.PostAsync("/_platform/queues/payments/messages", new StringContent($"payment {i}"))).EnsureSuccessStatusCode();
        // The figures refresh on the stream's tick: the queue depth shows what piled up.
        await Assertions.Expect(edge).ToContainTextAsync("visible 4", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = HeadlessChromium.ScreenshotPath("topology") });

        await edge.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await WaitForAsync(async () => (await PeekAsync("payments")).Length == 0, "the piled-up payments handled");
    }

    [Fact]
    public async Task A_failed_invocation_is_replayed_from_its_detail_and_the_replay_is_recorded()
    {
        platform.Broken = true;
        (await platform.Http!.PostAsync("/_platform/queues/payments/messages", new StringContent("payment to replay"))).EnsureSuccessStatusCode();
        var failed = (await platform.Http!.GetFromJsonAsync<JsonElement[]>("/_platform/invocations?function=payments&outcome=Failed&minCount=1&waitSeconds=30"))!;
        Assert.NotEmpty(failed);
        platform.Broken = false;

        var page = await chromium.OpenAsync(platform.Endpoint, "invocations");
        await page.Locator("#filter-outcome").SelectOptionAsync("Failed");
        await page.Locator("#invocation-rows tr", new() { HasText = "payments" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#detail")).ToContainTextAsync("the payment service is down");
        await Assertions.Expect(page.Locator("#detail-event")).ToContainTextAsync("payment to replay");
        await page.Locator("#replay").ClickAsync();
        await Assertions.Expect(page.Locator("#toast")).ToContainTextAsync("Replayed: Succeeded");
        await page.ScreenshotAsync(new() { Path = HeadlessChromium.ScreenshotPath("replay") });

        var replays = (await platform.Http!.GetFromJsonAsync<JsonElement[]>("/_platform/invocations?function=payments&source=replay:sqs:payments&minCount=1&waitSeconds=30"))!;
        Assert.Equal("Succeeded", replays[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Functions_show_their_configuration_with_a_masked_environment_and_test_invoke_with_a_sample_event()
    {
        var page = await chromium.OpenAsync(platform.Endpoint, "functions");
        await page.Locator("tr[data-function='thumbs']").ClickAsync();
        var panel = page.Locator("#function-panel");
        await Assertions.Expect(panel).ToContainTextAsync("API_KEY");
        await Assertions.Expect(panel).Not.ToContainTextAsync("s3cr3t-value");
        await panel.GetByRole(AriaRole.Button, new() { Name = "show" }).ClickAsync();
        await Assertions.Expect(panel).ToContainTextAsync("s3cr3t-value");
        await page.Locator("#invoke").ClickAsync();
        await Assertions.Expect(page.Locator("#invoke-result")).ToContainTextAsync("images/photo.jpg.png");
        await page.ScreenshotAsync(new() { Path = HeadlessChromium.ScreenshotPath("functions") });

        await page.Locator("button[data-view='streams']").ClickAsync();
        await page.Locator("#view tr", new() { HasText = "clicks" }).ClickAsync();
        await Assertions.Expect(page.Locator("#stream-panel")).ToContainTextAsync("shardId-000000000001");
        await page.ScreenshotAsync(new() { Path = HeadlessChromium.ScreenshotPath("streams") });
    }

    private async Task<JsonElement[]> PeekAsync(string queue) =>
        (await platform.Http!.GetFromJsonAsync<JsonElement[]>($"/_platform/queues/{queue}/messages"))!;

    private async Task<JsonElement> MappingAsync(string function)
    {
        var functions = (await platform.Http!.GetFromJsonAsync<JsonElement[]>("/_platform/functions"))!;
        return functions.Single(f => f.GetProperty("name").GetString() == function).GetProperty("mappings")[0];
    }

    /// <summary>Re-checks after each invocation the platform records (its own signal), up to 60 s.</summary>
    private async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException("Waited 60 s for " + what);
            var newest = (await platform.Http!.GetFromJsonAsync<JsonElement[]>("/_platform/invocations?limit=1"))!;
            var after = newest.Length == 0 ? 0 : newest[0].GetProperty("id").GetInt64();
            await platform.Http!.GetAsync($"/_platform/invocations?after={after}&minCount=1&waitSeconds=2");
        }
    }
}
