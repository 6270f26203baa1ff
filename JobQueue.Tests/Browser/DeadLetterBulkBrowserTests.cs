using JobQueue.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

/// <summary>The Queues page's "Requeue all" and "Delete all" of the dead letters, on a system of their own.</summary>
[RunsAbout(Seconds = 40)]
public class DeadLetterBulkBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task DeadLetters_RequeueAllThenDeleteAll_AfterConfirmingTheCount_ShowProgressAndEmptyTheList()
    {
        await using var system = new JobQueueSystem();
        await system.InitializeAsync();
        await browser.RunAsync(system.DashboardUrl, nameof(DeadLetters_RequeueAllThenDeleteAll_AfterConfirmingTheCount_ShowProgressAndEmptyTheList), async page =>
        {
            using var admin = await system.SignInAsAdminAsync();
            var jobs = new List<Guid>();
            for (var i = 0; i < 2; i++)
                jobs.Add((await admin.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", system.Queue, maxAttempts: 1)).Id);
            await admin.WaitForDeadLettersAsync(items => items.Count == 2, "two dead letters");
            foreach (var id in jobs)
                await admin.WaitForStatusAsync(id, JobQueue.Shared.Contracts.JobStatus.Failed);
            await SignInPage.SignInAsync(page, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword, "/admin/queues");
            await SignInPage.WaitUntilInteractiveAsync(page);
            await Expect(page.Locator("tr.jq-dead-row")).ToHaveCountAsync(2);

            await page.ClickAsync("#requeue-all");
            await Expect(page.Locator(".mud-message-box")).ToContainTextAsync("Send 2 dead job(s) back to their queues");
            await page.Locator(".mud-message-box__yes-button").ClickAsync();
            await Expect(page.Locator("#bulk-progress-text")).ToHaveTextAsync("Done: requeued 2 of 2 job(s).");
            await admin.WaitForDeadLettersAsync(items => items.Count == 2 && items.All(d => d.Attempts == 2), "both dead again after their second attempt");
            await Expect(page.Locator("tr.jq-dead-row")).ToHaveCountAsync(2);

            await page.ClickAsync("#bulk-dismiss");
            await page.ClickAsync("#delete-all-dead");
            await Expect(page.Locator(".mud-message-box")).ToContainTextAsync("Delete 2 dead letter(s)?");
            await page.Locator(".mud-message-box__yes-button").ClickAsync();
            await Expect(page.Locator("#bulk-progress-text")).ToHaveTextAsync("Done: deleted 2 of 2 dead letter(s).");
            await Expect(page.Locator("tr.jq-dead-row")).ToHaveCountAsync(0);
            await Expect(page.Locator("#dead-letter-count")).ToHaveTextAsync("0");
        });
    }
}
