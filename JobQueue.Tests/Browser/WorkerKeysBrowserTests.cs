using System.Net;
using JobQueue.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

[Collection(AdminPagesBrowserTests.Name)]
public class WorkerKeysBrowserTests(JobQueueSystem system, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public Task WorkerKey_CreatedOnThePage_LetsAnHttpWorkerFetch_ItShowsOnTheWorkersPage_AndRevokingItRefusesIt() =>
        browser.RunAsync(system.DashboardUrl, nameof(WorkerKey_CreatedOnThePage_LetsAnHttpWorkerFetch_ItShowsOnTheWorkersPage_AndRevokingItRefusesIt), async page =>
        {
            var queue = await system.NewQueueAsync("ui-wk");
            await SignInPage.SignInAsync(page, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword, "/");
            await SignInPage.WaitUntilInteractiveAsync(page);
            await page.ClickAsync("#nav-worker-keys");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/worker-keys$"));
            await SignInPage.WaitUntilInteractiveAsync(page);

            // A name is required: the message is next to the field, nothing is created.
            await page.ClickAsync("#create-worker-key");
            await Expect(page.Locator(".mud-input-helper-text").First).ToContainTextAsync("Give the key a name");
            var name = $"ui key {Guid.NewGuid():N}"[..14];
            await page.FillAsync("#worker-key-name", name);
            await page.FillAsync("#worker-key-queues", queue);
            await page.ClickAsync("#create-worker-key");
            var key = (await page.Locator("#created-worker-key .jq-worker-key").TextContentAsync())!.Trim();
            key.ShouldStartWith("jqwk_");
            var row = page.Locator("tr.jq-worker-key-row").Filter(new() { HasText = name });
            await Expect(row.Locator(".jq-worker-key-queues")).ToHaveTextAsync(queue);

            using var worker = new HttpWorkerClient(system.DashboardUrl, key, $"ui-{Guid.NewGuid():N}"[..12]);
            (await worker.FetchAsync(queue)).Status.ShouldBe(HttpStatusCode.NoContent);

            await page.ClickAsync("#nav-workers");
            await SignInPage.WaitUntilInteractiveAsync(page);
            var workerRow = page.Locator("tr").Filter(new() { HasText = worker.WorkerId });
            await Expect(workerRow.Locator(".jq-http-worker")).ToContainTextAsync("HTTP", new() { Timeout = 20_000 });
            await Expect(workerRow.Locator(".jq-pause")).ToHaveCountAsync(0);

            await page.ClickAsync("#nav-worker-keys");
            await SignInPage.WaitUntilInteractiveAsync(page);
            await page.Locator("tr.jq-worker-key-row").Filter(new() { HasText = name }).Locator(".jq-revoke").ClickAsync();
            await page.Locator(".mud-message-box__yes-button").ClickAsync();
            await Expect(page.Locator("tr.jq-worker-key-row").Filter(new() { HasText = name }).Locator(".jq-worker-key-state")).ToHaveTextAsync("Revoked");
            (await worker.FetchAsync(queue)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        });
}
