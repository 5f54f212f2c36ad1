using Microsoft.Playwright;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Dashboard;

/// <summary>Debian's Chromium (installed by build.sh) driven by Playwright — never a downloaded browser —
/// and where the tests' screenshots go: docs/screenshots, which the README links to.</summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotPath(string name) => Path.Combine(RepositoryPaths.Root, "docs", "screenshots", name + ".png");

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            // Tests run as root in CI containers, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async Task<IPage> OpenAsync(Uri endpoint, string view)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(new Uri(endpoint, "/_platform/#" + view).ToString());
        // Live: the server-sent events stream is open.
        await page.Locator("#live.on").WaitForAsync();
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}
