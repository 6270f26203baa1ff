using System.Net.Http.Json;
using JobQueue.Dashboard.Monitor;
using JobQueue.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

[Collection(SystemTests.Name)]
public class MonitorBrowserTests(JobQueueSystem system, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<CreatedWallKey> CreateWallKeyAsync(string name)
    {
        using var admin = await system.SignInAsAdminAsync();
        var response = await admin.PostJsonAsync("/api/wall-keys", $"{{\"name\":\"{name}\"}}");
        return (await response.Content.ReadFromJsonAsync<CreatedWallKey>(ApiClient.Json))!;
    }

    private static async Task<int> WorkersOnlineAsync(IPage page) =>
        int.Parse(await page.Locator("#monitor-workers-online .jq-tile-value").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

    [BrowserFact]
    public Task Wall_OpenedWithAKey_ShowsQueueDepthAndWorkerCountChange_WithoutReload() =>
        browser.RunAsync(system.DashboardUrl, nameof(Wall_OpenedWithAKey_ShowsQueueDepthAndWorkerCountChange_WithoutReload), async page =>
        {
            var key = await CreateWallKeyAsync("browser wall");
            var queue = await system.NewQueueAsync("wall");
            await page.GotoAsync(key.WallPath);
            await Expect(page.Locator("#monitor-freshness")).ToHaveTextAsync("Live");
            await Expect(page.Locator("nav, .mud-drawer, button")).ToHaveCountAsync(0);
            // Survives only if the page is never reloaded.
            await page.EvaluateAsync("window.__sameDocument = true");
            var online = await WorkersOnlineAsync(page);

            await using (var worker = await system.StartWorkerAsync(await system.NewQueueAsync("wall-worker"), "wall-1"))
            {
                await Expect(page.Locator("#monitor-workers-online .jq-tile-value")).ToHaveTextAsync((online + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

                using var user = await system.NewUserAsync();
                await user.SubmitAsync("reverse_string", "\"one\"", queue);
                await Expect(page.Locator($"tr.queue-{queue} .jq-ready")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
                await user.SubmitAsync("reverse_string", "\"two\"", queue);
                await user.SubmitAsync("reverse_string", "\"three\"", queue);
                await Expect(page.Locator($"tr.queue-{queue} .jq-ready")).ToHaveTextAsync("3", new() { Timeout = 20_000 });
                await Expect(page.Locator($"tr.queue-{queue} .jq-consumers")).ToHaveTextAsync("0");
            }

            await Expect(page.Locator("#monitor-workers-online .jq-tile-value")).ToHaveTextAsync(online.ToString(System.Globalization.CultureInfo.InvariantCulture));
            (await page.EvaluateAsync<bool>("window.__sameDocument === true")).ShouldBeTrue();
        });

    [BrowserFact]
    public Task WallKeys_AdminCreatesAKey_AndRevokingItBlanksTheOpenWall() =>
        browser.RunAsync(system.DashboardUrl, nameof(WallKeys_AdminCreatesAKey_AndRevokingItBlanksTheOpenWall), async page =>
        {
            await SignInPage.SignInAsync(page, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword, "/admin/walls");
            await SignInPage.WaitUntilInteractiveAsync(page);
            var name = $"Lobby {Guid.NewGuid():N}"[..16];

            await page.Locator("#create-wall-key").ClickAsync();
            await Expect(page.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("Give the key a name");

            await page.Locator("#wall-key-name").FillAsync(name);
            await page.Locator("#wall-key-name").BlurAsync();
            await page.Locator("#create-wall-key").ClickAsync();
            var url = await page.Locator("#created-wall-key .jq-wall-url").InnerTextAsync();
            url.ShouldContain("/wall?key=");
            var row = page.Locator(".jq-wall-key-row").Filter(new() { HasText = name });
            await Expect(row.Locator(".jq-wall-key-state")).ToHaveTextAsync("Active");

            var wall = await page.Context.Browser!.NewPageAsync();
            try
            {
                await wall.GotoAsync(url);
                await Expect(wall.Locator("#monitor-workers-online")).ToBeVisibleAsync();

                await row.Locator(".jq-revoke").ClickAsync();
                await page.Locator(".mud-message-box__yes-button").ClickAsync();
                await Expect(row.Locator(".jq-wall-key-state")).ToHaveTextAsync("Revoked");
                await Expect(wall.Locator("#wall-denied")).ToBeVisibleAsync(new() { Timeout = 25_000 });
                await Expect(wall.Locator("#monitor-workers-online")).ToHaveCountAsync(0);
            }
            finally
            {
                await wall.CloseAsync();
            }
        });

    [BrowserFact]
    public Task Monitor_ASignedInUserFindsItInTheMenu_AndSeesJobsCounted() =>
        browser.RunAsync(system.DashboardUrl, nameof(Monitor_ASignedInUserFindsItInTheMenu_AndSeesJobsCounted), async page =>
        {
            using var user = await system.NewUserAsync();
            await SignInPage.SignInAsync(page, user.Email, user.Password, "/");
            await SignInPage.WaitUntilInteractiveAsync(page);
            await page.Locator("#nav-monitor").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/monitor$"));
            await Expect(page.Locator("#monitor-freshness")).ToHaveTextAsync("Live");

            var job = await user.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", system.Queue, maxAttempts: 1);
            var shortId = JobQueue.Dashboard.Components.Jobs.JobFormat.ShortId(job.Id);
            await Expect(page.Locator("#monitor-failures")).ToContainTextAsync(shortId, new() { Timeout = 20_000 });
            await page.Locator("#monitor-failures a", new() { HasText = shortId }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/jobs/{job.Id}$"));
        });
}
