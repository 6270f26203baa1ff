using System.Net.Http.Json;
using JobQueue.Dashboard.Monitor;
using JobQueue.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

[Collection(AdminPagesBrowserTests.Name)]
public class MonitorBrowserTests(JobQueueSystem system, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly bool[] HiddenThenShown = [false, true];

    private async Task<CreatedWallKey> CreateWallKeyAsync(string name, bool showErrors = false)
    {
        using var admin = await system.SignInAsAdminAsync();
        var response = await admin.PostJsonAsync("/api/wall-keys", $"{{\"name\":\"{name}\",\"showErrors\":{(showErrors ? "true" : "false")}}}");
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
            // A wall shows its busiest queues, and the shared system has many: this one is pinned, as a team's wall pins its own.
            await page.GotoAsync($"{key.WallPath}&queue={queue}");
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
    public Task Wall_ShowsTheScheduledAndRecurringCounts_AndTheNextRecurringRuns_AsTheyChange() =>
        browser.RunAsync(system.DashboardUrl, nameof(Wall_ShowsTheScheduledAndRecurringCounts_AndTheNextRecurringRuns_AsTheyChange), async page =>
        {
            // The recurring jobs' names are everyone's: a key shows them only with the error texts.
            var key = await CreateWallKeyAsync("schedule wall", showErrors: true);
            await page.GotoAsync(key.WallPath);
            await Expect(page.Locator("#monitor-freshness")).ToHaveTextAsync("Live");
            await Expect(page.Locator("#monitor-scheduled .jq-tile-value")).Not.ToHaveTextAsync("–");
            int Count(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            var scheduled = Count(await page.Locator("#monitor-scheduled .jq-tile-value").InnerTextAsync());
            var recurring = Count(await page.Locator("#monitor-recurring .jq-tile-value").InnerTextAsync());
            using var user = await system.NewUserAsync();
            var name = $"wall-{Guid.NewGuid():N}"[..13];

            var job = await user.SubmitJsonAsync($"{{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"{system.Queue}\",\"delaySeconds\":3600}}");
            var created = await user.PostJsonAsync("/api/recurring",
                $"{{\"name\":\"{name}\",\"cron\":\"* * * * *\",\"job\":{{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"{system.Queue}\"}}}}");
            var recurringId = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

            await Expect(page.Locator("#monitor-scheduled .jq-tile-value")).ToHaveTextAsync((scheduled + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(page.Locator("#monitor-recurring .jq-tile-value")).ToHaveTextAsync((recurring + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(page.Locator("#monitor-next-runs")).ToContainTextAsync(name);

            await user.CancelAsync(job.Id);
            await user.Http.DeleteAsync($"/api/recurring/{recurringId}");
            await Expect(page.Locator("#monitor-scheduled .jq-tile-value")).ToHaveTextAsync(scheduled.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(page.Locator("#monitor-next-runs")).Not.ToContainTextAsync(name);
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
            // The chart has a scale and tells each point's values on hover: the failure is in a 10-second point.
            await Expect(page.Locator(".jq-throughput .jq-chart-y span").Last).ToHaveTextAsync("0");
            await Expect(page.Locator(".jq-throughput rect.jq-chart-hover")).ToHaveCountAsync(90);
            var point = new System.Text.RegularExpressions.Regex(@"\d\d:\d\d:\d\d\nCompleted /s: [\d.]+\nFailed /s: (0\.[1-9]|[1-9])");
            await Eventually.ReadAsync(() => page.Locator(".jq-throughput rect.jq-chart-hover title").AllTextContentsAsync(),
                titles => titles.Any(point.IsMatch), "a point of the chart that counts the failure");
            await page.Locator(".jq-throughput rect.jq-chart-hover").Last.HoverAsync();

            // A queue opens its jobs.
            await page.Locator($"tr.queue-{system.Queue} a.jq-queue-link").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/jobs\\?queue={system.Queue}$"));
            await Expect(page.Locator($"tr.job-{job.Id}")).ToBeVisibleAsync();
            await page.GoBackAsync();
            await page.Locator("#monitor-failures a", new() { HasText = shortId }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/jobs/{job.Id}$"));
        });

    [BrowserFact]
    public Task WallKeys_AKeyLimitedToQueues_ShowsOnlyThem_AndNoRecurringNames() =>
        browser.RunAsync(system.DashboardUrl, nameof(WallKeys_AKeyLimitedToQueues_ShowsOnlyThem_AndNoRecurringNames), async page =>
        {
            var mine = await system.NewQueueAsync("team-wall");
            var theirs = await system.NewQueueAsync("other-team");
            using var user = await system.NewUserAsync();
            var name = $"secret-{Guid.NewGuid():N}"[..15];
            using var created = await user.PostJsonAsync("/api/recurring",
                $"{{\"name\":\"{name}\",\"cron\":\"* * * * *\",\"job\":{{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"{theirs}\"}}}}");
            created.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
            var recurringId = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
            try
            {
                await SignInPage.SignInAsync(page, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword, "/admin/walls");
                await SignInPage.WaitUntilInteractiveAsync(page);
                var keyName = $"team {Guid.NewGuid():N}"[..16];
                await page.Locator("#wall-key-name").FillAsync(keyName);
                await page.Locator("#wall-key-queues").FillAsync("Not A Queue!");
                await page.Locator("#wall-key-queues").BlurAsync();
                await page.Locator("#create-wall-key").ClickAsync();
                await Expect(page.Locator(".mud-input-control").Filter(new() { Has = page.Locator("#wall-key-queues") })).ToContainTextAsync("queue");
                await page.Locator("#wall-key-queues").FillAsync(mine);
                await page.Locator("#wall-key-queues").BlurAsync();
                await page.Locator("#create-wall-key").ClickAsync();
                var url = page.Locator("#created-wall-key .jq-wall-url");
                await Expect(url).ToContainTextAsync("/wall?key=");
                await Expect(page.Locator(".jq-wall-key-row").Filter(new() { HasText = keyName }).Locator(".jq-wall-key-queues")).ToHaveTextAsync(mine);

                var wall = await page.Context.Browser!.NewPageAsync();
                try
                {
                    await wall.GotoAsync(await url.InnerTextAsync());
                    await Expect(wall.Locator($"tr.queue-{mine}")).ToBeVisibleAsync();
                    await Expect(wall.Locator($"tr.queue-{theirs}")).ToHaveCountAsync(0);
                    // Asking for another team's queue in the address does not widen the key.
                    await wall.GotoAsync(await url.InnerTextAsync() + $"&queue={theirs}");
                    await Expect(wall.Locator("#monitor-freshness")).ToHaveTextAsync("Live");
                    await Expect(wall.Locator($"tr.queue-{theirs}")).ToHaveCountAsync(0);
                    await Expect(wall.Locator("#monitor-next-runs")).ToContainTextAsync("a recurring job");
                    await Expect(wall.Locator("#monitor-next-runs")).Not.ToContainTextAsync(name);
                }
                finally
                {
                    await wall.CloseAsync();
                }
            }
            finally
            {
                await user.Http.DeleteAsync(new Uri($"/api/recurring/{recurringId}", UriKind.Relative));
            }
        });

    [BrowserFact]
    public Task WallKeys_AKeyShowsErrorTextsOnlyIfCreatedToShowThem() =>
        browser.RunAsync(system.DashboardUrl, nameof(WallKeys_AKeyShowsErrorTextsOnlyIfCreatedToShowThem), async page =>
        {
            using var user = await system.NewUserAsync();
            var failed = await user.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", system.Queue, maxAttempts: 1);
            await user.WaitForStatusAsync(failed.Id, JobQueue.Shared.Contracts.JobStatus.Failed);
            var shortId = JobQueue.Dashboard.Components.Jobs.JobFormat.ShortId(failed.Id);

            await SignInPage.SignInAsync(page, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword, "/admin/walls");
            await SignInPage.WaitUntilInteractiveAsync(page);
            var urls = new List<string>();
            foreach (var showErrors in HiddenThenShown)
            {
                await page.Locator("#wall-key-name").FillAsync($"errors {(showErrors ? "shown" : "hidden")} {Guid.NewGuid():N}"[..24]);
                await page.Locator("#wall-key-name").BlurAsync();
                if (showErrors)
                    await page.Locator("#wall-key-show-errors").CheckAsync();
                await page.Locator("#create-wall-key").ClickAsync();
                var shown = page.Locator("#created-wall-key .jq-wall-url");
                await Expect(shown).ToContainTextAsync("/wall?key=");
                // The second key's address replaces the first one's: wait for it, not for the one still on the page.
                if (urls.Count > 0)
                    await Expect(shown).Not.ToHaveTextAsync(urls[0]);
                urls.Add(await shown.InnerTextAsync());
                await Expect(page.Locator(".jq-wall-key-row .jq-wall-key-errors").First).ToHaveTextAsync(showErrors ? "shown" : "hidden");
            }

            var wall = await page.Context.Browser!.NewPageAsync();
            try
            {
                await wall.GotoAsync(urls[0]);
                var failure = wall.Locator("#monitor-failures li", new() { HasText = shortId });
                await Expect(failure).ToBeVisibleAsync();
                await Expect(failure.Locator(".jq-failure-error")).ToHaveCountAsync(0);
                await wall.GotoAsync(urls[1]);
                await Expect(wall.Locator("#monitor-failures li", new() { HasText = shortId }).Locator(".jq-failure-error")).ToContainTextAsync("SleepFailedOnRequestException");
            }
            finally
            {
                await wall.CloseAsync();
            }
        });

    [BrowserFact]
    public Task Monitor_AUserSeesTheErrorTextsOfTheirOwnFailures_AndOfOthersOnlyThatTheyFailed() =>
        browser.RunAsync(system.DashboardUrl, nameof(Monitor_AUserSeesTheErrorTextsOfTheirOwnFailures_AndOfOthersOnlyThatTheyFailed), async page =>
        {
            using var me = await system.NewUserAsync();
            using var other = await system.NewUserAsync();
            var mine = await me.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", system.Queue, maxAttempts: 1);
            var theirs = await other.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", system.Queue, maxAttempts: 1);
            await me.WaitForStatusAsync(mine.Id, JobQueue.Shared.Contracts.JobStatus.Failed);
            await other.WaitForStatusAsync(theirs.Id, JobQueue.Shared.Contracts.JobStatus.Failed);

            await SignInPage.SignInAsync(page, me.Email, me.Password, "/monitor");
            await SignInPage.WaitUntilInteractiveAsync(page);
            var myFailure = page.Locator("#monitor-failures li", new() { HasText = JobQueue.Dashboard.Components.Jobs.JobFormat.ShortId(mine.Id) });
            await Expect(myFailure.Locator(".jq-failure-error")).ToContainTextAsync("SleepFailedOnRequestException");
            await Expect(page.Locator("#monitor-failures")).Not.ToContainTextAsync(JobQueue.Dashboard.Components.Jobs.JobFormat.ShortId(theirs.Id));
            await Expect(page.Locator("#monitor-failures li", new() { HasText = "another user's job" }).First).ToBeVisibleAsync();
            await Expect(page.Locator("#monitor-failures li", new() { HasText = "another user's job" }).Locator(".jq-failure-error")).ToHaveCountAsync(0);
        });
}
