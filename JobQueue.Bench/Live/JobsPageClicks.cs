using Microsoft.Playwright;

namespace JobQueue.Bench.Live;

/// <summary>
/// The Blazor jobs page of a signed-in user, in Debian's Chromium (driven by Playwright, as the browser tests do),
/// clicked while the live run goes on: each click turns the table's page (next, then back), and the time from the
/// click to the page showing the other rows is measured in the page itself (<c>performance.now()</c> and a
/// MutationObserver on the pager's caption), so neither Playwright's round trips nor this process are counted.
/// </summary>
public sealed class JobsPageClicks : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // Clicks the pager's button and resolves with the milliseconds until the caption starts with the expected first
    // item ("26-" on page two, "1-" back on page one); -1 when the button is missing or disabled, -2 after 10 s.
    private const string ClickAndWait = """
        ([label, prefix]) => new Promise(resolve => {
          const caption = () => [...document.querySelectorAll('.mud-table-pagination-caption')]
            .map(e => e.textContent.trim()).find(t => /^\d+-\d+/.test(t)) ?? '';
          const button = document.querySelector(`button[aria-label="${label}"]`);
          if (!button || button.disabled) { resolve(-1); return; }
          let timer;
          const observer = new MutationObserver(() => {
            if (!caption().startsWith(prefix)) return;
            observer.disconnect(); clearTimeout(timer); resolve(performance.now() - start);
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
          timer = setTimeout(() => { observer.disconnect(); resolve(-2); }, 10000);
          const start = performance.now();
          button.click();
        })
        """;

    private static readonly System.Text.RegularExpressions.Regex Range = new(@"^\s*\d+-\d+");

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;
    private readonly ICDPSession _devTools;
    private bool _onSecondPage;

    private JobsPageClicks(IPlaywright playwright, IBrowser browser, IPage page, ICDPSession devTools)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
        _devTools = devTools;
    }

    /// <summary>What the page's renderer has spent so far (Chrome DevTools' Performance.getMetrics), in seconds.</summary>
    public async Task<BrowserTime> ReadBrowserTimeAsync()
    {
        var metrics = (await _devTools.SendAsync("Performance.getMetrics"))!.Value.GetProperty("metrics")
            .EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
        return new BrowserTime(metrics["TaskDuration"], metrics["ScriptDuration"], metrics["LayoutDuration"], metrics["RecalcStyleDuration"],
            (long)metrics["LayoutCount"], (long)metrics["RecalcStyleCount"]);
    }

    /// <summary>Why the probe cannot run here, or null.</summary>
    public static string? Unavailable => File.Exists(ChromiumPath) ? null : $"Chromium is not installed at {ChromiumPath} (Debian package chromium)";

    /// <summary>Signs in through the login form, opens <c>/jobs</c> and waits until its circuit is interactive.</summary>
    public static async Task<JobsPageClicks> OpenAsync(Uri url, string email, string password)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url.ToString() });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/jobs");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/jobs"));
        await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Caption(page).WaitForAsync();
        var devTools = await context.NewCDPSessionAsync(page);
        await devTools.SendAsync("Performance.enable");
        return new JobsPageClicks(playwright, browser, page, devTools);
    }

    private static ILocator Caption(IPage page) =>
        page.Locator(".mud-table-pagination-caption").Filter(new() { HasTextRegex = Range });

    /// <summary>One click on the pager; the milliseconds until the other page shows.</summary>
    public async Task<double> ClickAsync()
    {
        var (label, prefix) = _onSecondPage ? ("Previous page", "1-") : ("Next page", "26-");
        var elapsed = await _page.EvaluateAsync<double>(ClickAndWait, new[] { label, prefix });
        if (elapsed == -1)
            throw new InvalidOperationException($"The jobs page has no enabled \"{label}\" button; its pager says \"{await Caption(_page).TextContentAsync()}\".");
        if (elapsed == -2)
            throw new TimeoutException($"A click on \"{label}\" was not answered within 10 s.");
        _onSecondPage = !_onSecondPage;
        return elapsed;
    }

    /// <summary>Clicks every <paramref name="interval"/> until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task<List<double>> ClickUntilAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var answers = new List<double>();
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
                answers.Add(await ClickAsync());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over.
        }
        return answers;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
