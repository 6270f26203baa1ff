using System.Text.RegularExpressions;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

[Collection(JobPagesBrowserTests.Name)]
public class OverviewBrowserTests(JobQueueSystem system, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static ILocator Count(IPage page, JobStatus status) => page.Locator($"#count-{status.ToString().ToLowerInvariant()} .jq-count-value");

    [BrowserFact]
    public Task Overview_CountsFollowTheJobsLive_AndEachCountOpensItsFilteredList() =>
        browser.RunAsync(system.DashboardUrl, nameof(Overview_CountsFollowTheJobsLive_AndEachCountOpensItsFilteredList), async page =>
        {
            using var user = await system.NewUserAsync();
            var idle = await system.NewQueueAsync("overview");
            await SignInPage.SignInAsync(page, user.Email, user.Password);
            await Expect(page).ToHaveURLAsync(new Regex("/$"));
            await SignInPage.WaitUntilInteractiveAsync(page);
            await page.EvaluateAsync("window.jqNotReloaded = true");
            foreach (var status in Enum.GetValues<JobStatus>())
                await Expect(Count(page, status)).ToHaveTextAsync("0");
            await Expect(page.Locator("#overview-no-failures")).ToBeVisibleAsync();

            // A job that waits (no worker takes its queue), one that runs for a while, one that fails.
            var waiting = await user.SubmitAsync("reverse_string", "\"wait\"", idle);
            await Expect(Count(page, JobStatus.Queued)).ToHaveTextAsync("1");
            var sleeping = await user.SubmitAsync("sleep", "{\"seconds\": 3, \"steps\": 6}", system.Queue);
            await Expect(Count(page, JobStatus.Running)).ToHaveTextAsync("1", new() { Timeout = 20_000 });
            await Expect(Count(page, JobStatus.Succeeded)).ToHaveTextAsync("1", new() { Timeout = 20_000 });
            await Expect(Count(page, JobStatus.Running)).ToHaveTextAsync("0");
            var failing = await user.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", system.Queue, maxAttempts: 1);
            await Expect(Count(page, JobStatus.Failed)).ToHaveTextAsync("1", new() { Timeout = 20_000 });
            await Expect(page.Locator($"#overview-failures a[href='/jobs/{failing.Id}']")).ToBeVisibleAsync();
            (await user.CancelAsync(waiting.Id)).EnsureSuccessStatusCode();
            await Expect(Count(page, JobStatus.Cancelled)).ToHaveTextAsync("1");
            await Expect(Count(page, JobStatus.Queued)).ToHaveTextAsync("0");
            await Expect(page.Locator("#count-all .jq-count-value")).ToHaveTextAsync("3");
            (await page.EvaluateAsync<bool>("window.jqNotReloaded === true")).ShouldBeTrue("the overview was reloaded");

            // Each count is a link to its list.
            await page.ClickAsync("#count-succeeded");
            await Expect(page).ToHaveURLAsync(new Regex("/jobs\\?status=Succeeded$"));
            await Expect(page.Locator($"tr.job-{sleeping.Id}")).ToBeVisibleAsync();
            await Expect(page.Locator("tr.jq-job-row")).ToHaveCountAsync(1);
            await Expect(page.Locator(".jq-filter-status input")).ToHaveValueAsync("Succeeded");

            await page.GoBackAsync();
            await page.ClickAsync("#count-failed");
            await Expect(page).ToHaveURLAsync(new Regex("/jobs\\?status=Failed$"));
            await Expect(page.Locator($"tr.job-{failing.Id}")).ToBeVisibleAsync();
            await Expect(page.Locator("tr.jq-job-row")).ToHaveCountAsync(1);

            // And each queue opens that queue's jobs.
            await page.GoBackAsync();
            await page.ClickAsync($"tr.queue-{idle} a.jq-queue-link");
            await Expect(page).ToHaveURLAsync(new Regex($"/jobs\\?queue={idle}$"));
            await Expect(page.Locator($"tr.job-{waiting.Id}")).ToBeVisibleAsync();
            await Expect(page.Locator("tr.jq-job-row")).ToHaveCountAsync(1);
        });

    [BrowserFact]
    public Task Overview_ForAnAdmin_ShowsTheWorkersOnlineAndTheLatestAdminActions() =>
        browser.RunAsync(system.DashboardUrl, nameof(Overview_ForAnAdmin_ShowsTheWorkersOnlineAndTheLatestAdminActions), async page =>
        {
            await SignInPage.SignInAsync(page, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword);
            await SignInPage.WaitUntilInteractiveAsync(page);
            await Expect(page.Locator("#overview-workers")).ToContainTextAsync(system.WorkerId("worker-1"));
            var queue = await system.NewQueueAsync("overview-admin");
            // Admin actions are read again every 10 seconds.
            await Expect(page.Locator("#overview-audit")).ToContainTextAsync(queue, new() { Timeout = 20_000 });
            await page.ClickAsync($"#overview-workers a[href='/admin/workers/{system.WorkerId("worker-1")}']");
            await Expect(page).ToHaveURLAsync(new Regex($"/admin/workers/{system.WorkerId("worker-1")}$"));
        });
}
