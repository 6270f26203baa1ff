using JobQueue.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

[Collection(JobPagesBrowserTests.Name)]
public class WorkersBrowserTests(JobQueueSystem system, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task OpenWorkersPageAsync(IPage page)
    {
        await SignInPage.SignInAsync(page, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword, "/admin/workers");
        await SignInPage.WaitUntilInteractiveAsync(page);
    }

    private ILocator Row(IPage page, string name) => page.Locator($"tr.worker-{system.WorkerId(name)}");

    [BrowserFact]
    public Task WorkerPage_FromTheWorkersList_ShowsTheWorkersOwnLog_AndNewLinesLive() =>
        browser.RunAsync(system.DashboardUrl, nameof(WorkerPage_FromTheWorkersList_ShowsTheWorkersOwnLog_AndNewLinesLive), async page =>
        {
            var queue = await system.NewQueueAsync("ui-log");
            await using var worker = await system.StartWorkerAsync(queue, "ui-log-1");
            await OpenWorkersPageAsync(page);

            await Row(page, "ui-log-1").Locator(".jq-worker-link").ClickAsync();

            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/admin/workers/{system.WorkerId("ui-log-1")}$"));
            await Expect(page.Locator("#worker-id")).ToHaveTextAsync(system.WorkerId("ui-log-1"));
            await Expect(page.Locator("#worker-state")).ToHaveTextAsync("Active");
            var lines = page.Locator("#worker-log .jq-log-line");
            await Expect(lines.Filter(new() { HasText = $"Consuming jobqueue.queue.{queue}" })).ToHaveCountAsync(1);
            await SignInPage.WaitUntilInteractiveAsync(page);

            using var admin = await system.SignInAsAdminAsync();
            (await admin.Http.PostAsync(new Uri($"/api/workers/{system.WorkerId("ui-log-1")}/pause", UriKind.Relative), null)).EnsureSuccessStatusCode();

            await Expect(lines.Filter(new() { HasText = "Paused: taking no new jobs" })).ToHaveCountAsync(1);
            await Expect(page.Locator("#worker-state")).ToHaveTextAsync("Paused");
        });

    [BrowserFact]
    public Task Workers_AdminPausesResumesAndSetsConcurrency_AndSeesTheWorkerConfirmIt() =>
        browser.RunAsync(system.DashboardUrl, nameof(Workers_AdminPausesResumesAndSetsConcurrency_AndSeesTheWorkerConfirmIt), async page =>
        {
            await using var worker = await system.StartWorkerAsync(await system.NewQueueAsync("ui-pause"), "ui-pause-1");
            await OpenWorkersPageAsync(page);
            var row = Row(page, "ui-pause-1");
            await Expect(row.Locator(".jq-worker-state")).ToHaveTextAsync("Active");

            await row.Locator(".jq-pause").ClickAsync();
            await Expect(row.Locator(".jq-worker-state")).ToHaveTextAsync("Paused");

            await row.Locator(".jq-resume").ClickAsync();
            await Expect(row.Locator(".jq-worker-state")).ToHaveTextAsync("Active");

            await row.Locator(".jq-concurrency-input input").FillAsync("3");
            await row.Locator(".jq-concurrency-input input").BlurAsync();
            await row.Locator(".jq-set-concurrency").ClickAsync();
            await Expect(row.Locator(".jq-concurrency")).ToHaveTextAsync("3");
        });

    [BrowserFact]
    public Task Workers_DrainAfterConfirming_StopsTheWorker() =>
        browser.RunAsync(system.DashboardUrl, nameof(Workers_DrainAfterConfirming_StopsTheWorker), async page =>
        {
            await using var worker = await system.StartWorkerAsync(await system.NewQueueAsync("ui-drain"), "ui-drain-1");
            await OpenWorkersPageAsync(page);
            var row = Row(page, "ui-drain-1");
            await Expect(row.Locator(".jq-worker-state")).ToHaveTextAsync("Active");

            await row.Locator(".jq-drain").ClickAsync();
            await page.Locator(".mud-message-box__cancel-button").ClickAsync();
            await Expect(row.Locator(".jq-worker-state")).ToHaveTextAsync("Active");
            await row.Locator(".jq-drain").ClickAsync();
            await Expect(page.Locator(".mud-message-box")).ToContainTextAsync("will finish its running jobs");
            await page.Locator(".mud-message-box__yes-button").ClickAsync();

            await Expect(row.Locator(".jq-worker-state")).ToHaveTextAsync("Stopped", new() { Timeout = 20_000 });
            await worker.WaitForOutputAsync("stopped after", TimeSpan.FromSeconds(20));
        });
}
