using JobQueue.Dashboard.Components.Jobs;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

[Collection(JobPagesBrowserTests.Name)]
public class QueuesBrowserTests(JobQueueSystem system, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task OpenQueuesPageAsync(IPage page)
    {
        await SignInPage.SignInAsync(page, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword, "/admin/queues");
        await SignInPage.WaitUntilInteractiveAsync(page);
    }

    [BrowserFact]
    public Task Queues_AdminPausesAndResumesAQueue_AndPurgesItAfterConfirming() =>
        browser.RunAsync(system.DashboardUrl, nameof(Queues_AdminPausesAndResumesAQueue_AndPurgesItAfterConfirming), async page =>
        {
            using var admin = await system.SignInAsAdminAsync();
            var queue = await system.NewQueueAsync("ui-purge");
            var first = await admin.SubmitAsync("reverse_string", "\"a\"", queue);
            var second = await admin.SubmitAsync("reverse_string", "\"b\"", queue);
            await OpenQueuesPageAsync(page);
            var row = page.Locator($"tr.queue-{queue}");
            await Expect(row.Locator(".jq-ready")).ToHaveTextAsync("2", new() { Timeout = 20_000 });

            await row.Locator(".jq-queue-pause").ClickAsync();
            await Expect(row.Locator(".jq-queue-state")).ToHaveTextAsync("Paused");
            await row.Locator(".jq-queue-resume").ClickAsync();
            await Expect(row.Locator(".jq-queue-state")).ToHaveTextAsync("Active");

            await row.Locator(".jq-queue-purge").ClickAsync();
            await page.Locator(".mud-message-box__cancel-button").ClickAsync();
            (await admin.GetAsync(first.Id)).Status.ShouldBe(JobStatus.Queued);
            await row.Locator(".jq-queue-purge").ClickAsync();
            await Expect(page.Locator(".mud-message-box")).ToContainTextAsync("become Cancelled");
            await page.Locator(".mud-message-box__yes-button").ClickAsync();
            await Expect(page.Locator(".mud-snackbar", new() { HasText = "2 job(s) cancelled" })).ToBeVisibleAsync();
            await Expect(row.Locator(".jq-ready")).ToHaveTextAsync("0", new() { Timeout = 20_000 });
            (await admin.GetAsync(first.Id)).Status.ShouldBe(JobStatus.Cancelled);
            (await admin.GetAsync(second.Id)).Status.ShouldBe(JobStatus.Cancelled);
        });

    [BrowserFact]
    public Task Queues_AdminCreatesAQueue_ThenDeletesIt_CancellingTheJobThatWaited() =>
        browser.RunAsync(system.DashboardUrl, nameof(Queues_AdminCreatesAQueue_ThenDeletesIt_CancellingTheJobThatWaited), async page =>
        {
            using var admin = await system.SignInAsAdminAsync();
            await OpenQueuesPageAsync(page);
            var queue = $"ui-new-{Guid.NewGuid():N}"[..16];

            await page.FillAsync("#new-queue", "Not A Queue!");
            await page.ClickAsync("#create-queue");
            await Expect(page.GetByText("The queue name must be 1 to 64 characters")).ToBeVisibleAsync();

            await page.FillAsync("#new-queue", queue);
            await page.ClickAsync("#create-queue");
            var row = page.Locator($"tr.queue-{queue}");
            await Expect(row.Locator(".jq-ready")).ToHaveTextAsync("0", new() { Timeout = 20_000 });
            var job = await admin.SubmitAsync("reverse_string", "\"waits\"", queue);
            await Expect(row.Locator(".jq-ready")).ToHaveTextAsync("1", new() { Timeout = 20_000 });

            await row.Locator(".jq-queue-delete").ClickAsync();
            await Expect(page.Locator(".mud-message-box")).ToContainTextAsync("1 job(s) wait");
            await page.Locator(".mud-message-box__yes-button").ClickAsync();
            await Expect(page.Locator(".mud-snackbar", new() { HasText = $"Deleted {queue}; 1 job(s) cancelled" })).ToBeVisibleAsync();
            await Expect(row).ToHaveCountAsync(0, new() { Timeout = 20_000 });
            (await admin.GetAsync(job.Id)).Status.ShouldBe(JobStatus.Cancelled);
            await Expect(page.Locator("tr.queue-default .jq-queue-delete")).ToHaveCountAsync(0);
        });

    [BrowserFact]
    public Task DeadLetters_AdminRequeuesAFailedJob_AndDeletesItsDeadLetter() =>
        browser.RunAsync(system.DashboardUrl, nameof(DeadLetters_AdminRequeuesAFailedJob_AndDeletesItsDeadLetter), async page =>
        {
            using var admin = await system.SignInAsAdminAsync();
            await OpenQueuesPageAsync(page);
            var job = await admin.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", system.Queue, maxAttempts: 1);
            var row = page.Locator($"tr.dead-job-{job.Id}");
            await Expect(row.Locator(".jq-dead-reason")).ToContainTextAsync("failed on request", new() { Timeout = 20_000 });
            await Expect(row.Locator(".jq-dead-attempts")).ToHaveTextAsync("1");

            await row.Locator(".jq-dead-requeue").ClickAsync();
            // Said in a notice, which the admin closes: it sits over the row's buttons, and a notice under the pointer
            // stays (MudBlazor pauses its timer while hovered), as it would for Playwright's pointer on Delete.
            var notice = page.Locator(".mud-snackbar", new() { HasText = $"Requeued job {JobFormat.ShortId(job.Id)}" });
            await Expect(notice).ToBeVisibleAsync();
            await notice.Locator(".mud-snackbar-close-button").ClickAsync();
            await Expect(notice).ToHaveCountAsync(0);
            // It fails again, as a second attempt, and is back in the list.
            await Expect(row.Locator(".jq-dead-attempts")).ToHaveTextAsync("2", new() { Timeout = 20_000 });
            (await admin.GetAsync(job.Id)).Attempt.ShouldBe(2);

            await row.Locator(".jq-dead-delete").ClickAsync();
            await page.Locator(".mud-message-box__yes-button").ClickAsync();
            await Expect(row).ToHaveCountAsync(0);
        });
}
