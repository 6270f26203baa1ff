using Microsoft.Playwright;

namespace JobQueue.Tests.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright (a browser download does not work on these machines).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } =
        Directory.CreateDirectory(Path.Combine(TestPaths.RepositoryRoot, "TestResults", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (BrowserFactAttribute.Reason is not null)
            return;
        _playwright = await Playwright.CreateAsync();
        // Assertions wait as long as actions do (the context's default): a wait for the page, not a check of its speed;
        // a test that holds the dashboard to a deadline says so with a timeout of its own.
        Assertions.SetDefaultExpectTimeout(15_000);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root Chromium needs --no-sandbox; the rest keep it off a network that is closed here.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>Runs a test in a fresh browser context (its own cookies and storage) and screenshots the page if it fails.</summary>
    public async Task RunAsync(Uri baseUrl, string testName, Func<IPage, Task> test)
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString() });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        try
        {
            await test(page);
        }
        catch (Exception ex)
        {
            var path = Path.Combine(ScreenshotDirectory, $"{testName}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            throw new BrowserTestException($"{ex.Message}\nScreenshot of the page: {path}", ex);
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

public sealed class BrowserTestException(string message, Exception inner) : Exception(message, inner);

/// <summary>A browser test: reported skipped, with the reason, where Debian's Chromium is not installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public static string? Reason => File.Exists(BrowserFixture.ChromiumPath)
        ? null
        : $"Chromium is not installed at {BrowserFixture.ChromiumPath} (Debian package chromium; test.sh installs it).";

    public BrowserFactAttribute()
    {
        if (Reason is { } reason)
            Skip = reason;
    }
}

/// <summary>A browser theory: reported skipped, with the reason, where Debian's Chromium is not installed.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        if (BrowserFactAttribute.Reason is { } reason)
            Skip = reason;
    }
}
