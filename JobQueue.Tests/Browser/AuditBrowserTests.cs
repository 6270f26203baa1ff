using JobQueue.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

[Collection(AdminPagesBrowserTests.Name)]
public class AuditBrowserTests(JobQueueSystem system, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public Task AuditTrail_AnActionOnAPage_IsListed_AndTheFiltersFindIt() =>
        browser.RunAsync(system.DashboardUrl, nameof(AuditTrail_AnActionOnAPage_IsListed_AndTheFiltersFindIt), async page =>
        {
            await SignInPage.SignInAsync(page, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword, "/admin/queues");
            await SignInPage.WaitUntilInteractiveAsync(page);
            var queue = $"ui-audit-{Guid.NewGuid():N}"[..18];
            await page.FillAsync("#new-queue", queue);
            await page.ClickAsync("#create-queue");
            await Expect(page.Locator($"tr.queue-{queue}")).ToHaveCountAsync(1, new() { Timeout = 20_000 });

            await page.ClickAsync("#nav-audit");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/audit$"));
            await SignInPage.WaitUntilInteractiveAsync(page);
            await page.Locator("#audit-target").FillAsync(queue);

            var rows = page.Locator("tr.jq-audit-row");
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(rows.Locator(".jq-audit-action")).ToHaveTextAsync("queue.created");
            await Expect(rows.Locator(".jq-audit-actor")).ToHaveTextAsync(JobQueueSystem.AdminEmail);
            await Expect(rows).ToContainTextAsync("dashboard · 127.0.0.1");
            await Expect(page.Locator("#audit-total")).ToHaveTextAsync("1 matching");

            // A filter that matches nothing says so.
            await page.Locator("#audit-target").FillAsync($"{queue}-nothing");
            await Expect(page.Locator("#audit-empty")).ToBeVisibleAsync();
        });
}
