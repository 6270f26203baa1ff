using System.Globalization;
using JobQueue.Dashboard.Components.Layout;
using JobQueue.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JobQueue.Tests.Browser;

/// <summary>
/// Every page, on a system crowded as a busy one is (<see cref="CrowdedSystem"/>), at the widths people use: nothing
/// scrolls sideways and no cell, tile or label is clipped without an ellipsis. Each page is saved as a screenshot in
/// the light and the dark theme (TestResults/screenshots/pages), for a reviewer to look at.
/// </summary>
[RunsAbout(Seconds = 140)]
public sealed class PageLayoutTests(CrowdedSystem crowded, BrowserFixture browser) : IClassFixture<CrowdedSystem>, IClassFixture<BrowserFixture>
{
    private static readonly string PagesDirectory = Directory.CreateDirectory(Path.Combine(BrowserFixture.ScreenshotDirectory, "pages")).FullName;

    /// <summary>Elements whose content must fit them, or be cut with an ellipsis (the full text then on hover).</summary>
    private const string Overflows = """
        () => {
          const problems = [];
          const root = document.scrollingElement;
          if (root.scrollWidth > root.clientWidth + 1)
            problems.push(`the page scrolls sideways: ${root.scrollWidth} px of content in ${root.clientWidth}`);
          const name = el => (el.id ? '#' + el.id : el.tagName.toLowerCase()) +
            (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).slice(0, 3).join('.') : '');
          const selector = 'td, th, .mud-table-container, .jq-tile, .jq-tile-label, .jq-tile-value, .jq-count, .jq-panel, .mud-chip, ' +
            '.mud-nav-link-text, .jq-list-row > *, .mud-paper, .mud-toolbar, .mud-snackbar, .jq-panel h2';
          for (const el of document.querySelectorAll(selector)) {
            if (el.getClientRects().length === 0) continue;
            if (el.scrollWidth <= el.clientWidth + 1) continue;
            const style = getComputedStyle(el);
            if (style.textOverflow === 'ellipsis' && style.overflowX === 'hidden') continue;
            problems.push(`${name(el)} "${el.textContent.trim().replace(/\s+/g, ' ').slice(0, 50)}": ${el.scrollWidth} px of content in ${el.clientWidth}`);
          }
          // A column squeezed to nothing shows only its ellipsis.
          for (const el of document.querySelectorAll('td, th')) {
            if (el.getClientRects().length === 0 || !el.textContent.trim()) continue;
            const style = getComputedStyle(el);
            const inner = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            if (inner < 36) problems.push(`${name(el)} "${el.textContent.trim().slice(0, 30)}" is squeezed to ${Math.round(inner)} px`);
          }
          return problems;
        }
        """;

    private IReadOnlyList<(string Name, string Path)> Pages =>
    [
        ("overview", "/"),
        ("jobs", "/jobs"),
        ("job", $"/jobs/{crowded.SucceededJob}"),
        ("job-not-found", $"/jobs/{Guid.NewGuid()}"),
        ("monitor", "/monitor"),
        ("recurring", "/recurring"),
        ("job-types", "/job-types"),
        ("workers", "/admin/workers"),
        ("worker", $"/admin/workers/{Uri.EscapeDataString(crowded.System.WorkerId("worker-1"))}"),
        ("queues", "/admin/queues"),
        ("users", "/admin/users"),
        ("wall-keys", "/admin/walls"),
        ("worker-keys", "/admin/worker-keys"),
        ("audit", "/admin/audit"),
        ("change-password", "/Account/ChangePassword"),
    ];

    private static async Task<IPage> SignedInAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await SignInPage.SignInAsync(page, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword);
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        return page;
    }

    /// <summary>Opens a page and lets its live data arrive (the circuit connected, the queue figures pushed).</summary>
    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        if (!path.StartsWith("/Account", StringComparison.Ordinal) && !path.StartsWith("/wall", StringComparison.Ordinal))
            await SignInPage.WaitUntilInteractiveAsync(page);
        await page.WaitForTimeoutAsync(1500);
    }

    /// <summary>The widths people use, narrowest first: the menu drawer is closed below 1280 px (MudBlazor's Lg) and open from it.</summary>
    private static readonly int[] Widths = [1024, 1280, 1440, 1920];

    /// <summary>
    /// Resizes the open page as a user drags the window: the dashboard hears the new breakpoint and opens or closes the
    /// menu drawer; the layout is measured once the drawer is as this width has it.
    /// </summary>
    private static async Task ResizeAsync(IPage page, int width)
    {
        await page.SetViewportSizeAsync(width, 900);
        await page.WaitForFunctionAsync($"() => document.documentElement.clientWidth === {width}");
        if (await page.Locator(".mud-drawer").CountAsync() > 0)
            await Microsoft.Playwright.Assertions.Expect(page.Locator(".mud-drawer").First)
                .ToHaveClassAsync(new System.Text.RegularExpressions.Regex(width >= 1280 ? "mud-drawer--open" : "mud-drawer--closed"));
    }

    /// <summary>
    /// What overflows on the page once its layout has settled: measured until nothing does, for up to 3 s (the drawer
    /// slides and the content follows it), and what still overflows then.
    /// </summary>
    private static async Task<string[]> OverflowsAsync(IPage page)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (true)
        {
            var found = await page.EvaluateAsync<string[]>(Overflows);
            if (found.Length == 0 || DateTime.UtcNow > deadline)
                return found;
            await page.WaitForTimeoutAsync(200);
        }
    }

    /// <summary>Each page opened once, then resized through the widths (each width was once a test of its own).</summary>
    [BrowserFact]
    public async Task EveryPage_AtEachWidth_NeitherScrollsSidewaysNorClipsWithoutAnEllipsis()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = crowded.System.DashboardUrl.ToString(),
            ViewportSize = new ViewportSize { Width = Widths[0], Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await SignedInAsync(context);
        var problems = new List<string>();
        foreach (var (name, path) in Pages)
        {
            await page.SetViewportSizeAsync(Widths[0], 900);
            await OpenAsync(page, path);
            foreach (var width in Widths)
            {
                await ResizeAsync(page, width);
                var found = await OverflowsAsync(page);
                if (found.Length == 0)
                    continue;
                var shot = Path.Combine(BrowserFixture.ScreenshotDirectory, $"overflow-{name}-{width}.png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
                problems.AddRange(found.Select(p => $"{path} at {width} px: {p} (screenshot {shot})"));
            }
        }
        problems.ShouldBeEmpty(string.Join("\n", problems));
    }

    /// <summary>
    /// Each page opened once and saved in both themes: in the one the last toggle left stored, then again after the theme
    /// button switched it (so the pages alternate which theme they open in).
    /// </summary>
    [BrowserFact]
    public async Task EveryPage_IsSaved_InTheLightAndTheDarkTheme()
    {
        string[] themes = ["light", "dark"];
        foreach (var theme in themes)
        {
            await using var signInContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = crowded.System.DashboardUrl.ToString(),
                ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
                ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            });
            var signIn = await signInContext.NewPageAsync();
            await signIn.GotoAsync("/Account/Login");
            await signIn.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PagesDirectory, $"sign-in-{theme}.png") });
        }

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = crowded.System.DashboardUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await SignedInAsync(context);
        var stored = themes[0];
        await page.EvaluateAsync($"localStorage.setItem('{MainLayout.ThemeKey}', '{stored}')");
        var saved = new List<string>();
        var toggle = page.Locator("#theme-toggle");
        foreach (var (name, path) in Pages)
        {
            if (path.StartsWith("/Account", StringComparison.Ordinal))
            {
                // A static page has no circuit and no theme button: it reads the stored theme as it loads.
                foreach (var theme in themes)
                {
                    await page.EvaluateAsync($"localStorage.setItem('{MainLayout.ThemeKey}', '{theme}')");
                    stored = theme;
                    await OpenAsync(page, path);
                    (await page.EvaluateAsync<string>("document.documentElement.dataset.theme")).ShouldBe(theme);
                    var shot = Path.Combine(PagesDirectory, $"{name}-{theme}.png");
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
                    saved.Add(shot);
                }
                continue;
            }
            await OpenAsync(page, path);
            foreach (var theme in stored == "light" ? themes : themes.Reverse())
            {
                if (theme != stored)
                {
                    await toggle.ClickAsync();
                    stored = theme;
                }
                // The button offers the other theme once this one is shown.
                await Microsoft.Playwright.Assertions.Expect(toggle).ToHaveAttributeAsync("aria-label", theme == "dark" ? "Switch to the light theme" : "Switch to the dark theme");
                (await page.EvaluateAsync<string>($"localStorage.getItem('{MainLayout.ThemeKey}')")).ShouldBe(theme);
                var file = Path.Combine(PagesDirectory, $"{name}-{theme}.png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
                saved.Add(file);
            }
        }
        foreach (var theme in themes)
        {
            await page.EvaluateAsync($"localStorage.setItem('{MainLayout.ThemeKey}', '{theme}')");
            await OpenAsync(page, crowded.WallKey.WallPath);
            var wall = Path.Combine(PagesDirectory, $"wall-{theme}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = wall });
            saved.Add(wall);
        }
        saved.Count.ShouldBe(2 * Pages.Count + 2);
        saved.ShouldAllBe(file => new FileInfo(file).Length > 10_000, "a screenshot is (nearly) empty");
    }

    [BrowserFact]
    public async Task UsersPage_WithSeventyUsers_ShowsEachRoleAsAChip_PagesThem_AndFindsOneBySearch()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = crowded.System.DashboardUrl.ToString() });
        context.SetDefaultTimeout(15_000);
        var page = await SignedInAsync(context);
        await OpenAsync(page, "/admin/users");
        // 70 and the seeded admin: a page of 25.
        await Microsoft.Playwright.Assertions.Expect(page.Locator("tr.jq-user-row")).ToHaveCountAsync(25);
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#users-count")).ToHaveTextAsync($"{CrowdedSystem.UserCount + 1} users, 8 admins");
        await Microsoft.Playwright.Assertions.Expect(page.Locator(".mud-table-pagination-caption").Last).ToContainTextAsync($"of {CrowdedSystem.UserCount + 1}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(page.Locator(".mud-table-pagination-caption").Last).ToContainTextAsync("26-50");

        await page.FillAsync("#user-search", "user10@");
        var row = page.Locator("tr.jq-user-row");
        await Microsoft.Playwright.Assertions.Expect(row).ToHaveCountAsync(1);
        await Microsoft.Playwright.Assertions.Expect(row.Locator(".jq-user-email")).ToHaveTextAsync("user10@jobqueue.test");
        await Microsoft.Playwright.Assertions.Expect(row.Locator(".jq-user-role")).ToHaveTextAsync("Admin");
        await page.FillAsync("#user-search", "user11@");
        await Microsoft.Playwright.Assertions.Expect(row.Locator(".jq-user-role")).ToHaveTextAsync("User");
        await page.FillAsync("#user-search", "nobody-like-this");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#users-none")).ToContainTextAsync("No user's e-mail contains");
    }

    /// <summary>Every text on the wall, with its size and the contrast of its colour against what is behind it.</summary>
    private const string WallText = """
        () => {
          const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(/[ ,\/]+/).filter(x => x).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const over = (top, below) => ({ r: top.r * top.a + below.r * (1 - top.a), g: top.g * top.a + below.g * (1 - top.a), b: top.b * top.a + below.b * (1 - top.a), a: 1 });
          const background = el => {
            const layers = [];
            for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
            let colour = { r: 255, g: 255, b: 255, a: 1 };
            for (const layer of layers.reverse()) colour = over(layer, colour);
            return colour;
          };
          const luminance = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
          const out = [];
          const walker = document.createTreeWalker(document.querySelector('.jq-wall'), NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent.trim();
            const el = node.parentElement;
            if (!text || el.getClientRects().length === 0 || el.closest('svg')) continue;
            const style = getComputedStyle(el);
            let opacity = 1;
            for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
            const behind = background(el);
            const fg = parse(style.color);
            const shown = over({ ...fg, a: fg.a * opacity }, behind);
            const [l1, l2] = [luminance(shown), luminance(behind)].sort((a, b) => b - a);
            out.push({ text: text.slice(0, 40), size: parseFloat(style.fontSize), bold: Number(style.fontWeight) >= 700, contrast: (l1 + 0.05) / (l2 + 0.05) });
          }
          return out;
        }
        """;

    private const string WallFit = """
        () => {
          const problems = [];
          const root = document.scrollingElement;
          if (root.scrollHeight > root.clientHeight + 1) problems.push(`the page scrolls down: ${root.scrollHeight} px in ${root.clientHeight}`);
          if (root.scrollWidth > root.clientWidth + 1) problems.push(`the page scrolls sideways: ${root.scrollWidth} px in ${root.clientWidth}`);
          for (const el of document.querySelectorAll('.jq-panel, .jq-tile, .jq-board-header')) {
            const box = el.getBoundingClientRect();
            if (box.bottom > window.innerHeight + 1) problems.push(`${el.className} ends at ${Math.round(box.bottom)} px, below the screen`);
            if (el.scrollHeight > el.clientHeight + 1) problems.push(`${el.className} holds ${el.scrollHeight} px in ${el.clientHeight}`);
          }
          return problems;
        }
        """;

    public sealed class WallTextItem
    {
        public string Text { get; set; } = "";
        public double Size { get; set; }
        public bool Bold { get; set; }
        public double Contrast { get; set; }
    }

    [BrowserTheory]
    [InlineData(1920, 1080)]
    [InlineData(1280, 720)]
    [InlineData(3840, 2160)]
    public async Task Wall_WithTwelveQueues_FitsTheScreenWithoutScrolling_AndIsLegibleAcrossARoom(int width, int height)
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = crowded.System.DashboardUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(crowded.WallKey.WallPath);
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#monitor-freshness")).ToHaveTextAsync("Live");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#monitor-as-of")).ToContainTextAsync("as of");
        await page.WaitForTimeoutAsync(1500);
        var shot = Path.Combine(BrowserFixture.ScreenshotDirectory, $"wall-{width}x{height}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });

        (await page.EvaluateAsync<string[]>(WallFit)).ShouldBeEmpty($"screenshot {shot}");
        // Twelve queues: the busiest shown, the rest counted or folded, by name.
        var shown = await page.Locator("tr.jq-queue-row").CountAsync();
        shown.ShouldBeGreaterThan(0);
        if (shown < CrowdedSystem.QueueCount)
            (await page.Locator("#monitor-queues-more").InnerTextAsync()).ShouldMatch(@"more busy|idle");
        await Microsoft.Playwright.Assertions.Expect(page.Locator($"tr.queue-{CrowdedSystem.LongQueue}")).ToBeVisibleAsync();

        var texts = await page.EvaluateAsync<WallTextItem[]>(WallText);
        texts.Length.ShouldBeGreaterThan(20);
        // Labels at least 28 px on a 1080p screen (the board scales with the screen: 19 px at 720p, 56 px at 2160p).
        var smallest = 28.0 * height / 1080;
        var small = texts.Where(t => t.Size < smallest - 0.01).Select(t => $"\"{t.Text}\" {t.Size.ToString("0.#", CultureInfo.InvariantCulture)} px").ToList();
        small.ShouldBeEmpty($"text under {smallest:0.#} px: {string.Join(", ", small)}; screenshot {shot}");
        // WCAG AA: 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
        var faint = texts.Where(t => t.Contrast < (t.Size >= 24 || (t.Bold && t.Size >= 18.66) ? 3 : 4.5))
            .Select(t => $"\"{t.Text}\" {t.Contrast.ToString("0.0", CultureInfo.InvariantCulture)}:1").ToList();
        faint.ShouldBeEmpty($"text below WCAG AA contrast: {string.Join(", ", faint)}; screenshot {shot}");
    }
}
