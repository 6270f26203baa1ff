using System.Net;
using System.Text;
using JobQueue.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

/// <summary>The job types page shows each type's owner, and an admin reads who added and changed a type.</summary>
[Collection(AdminPagesBrowserTests.Name)]
public class JobTypeHistoryBrowserTests(JobQueueSystem system, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly int[] Timeouts = [30, 90];

    [BrowserFact]
    public Task JobTypesPage_History_ShowsWhoAddedAndChangedAType() =>
        browser.RunAsync(system.DashboardUrl, nameof(JobTypesPage_History_ShowsWhoAddedAndChangedAType), async page =>
        {
            using var admin = await system.SignInAsAdminAsync();
            var queue = await system.NewQueueAsync("history");
            var name = "history_" + Guid.NewGuid().ToString("N")[..8];
            var key = await HttpWorkerClient.CreateKeyAsync(admin, "history-key", [queue]);
            using var worker = new HttpWorkerClient(system.DashboardUrl, key, "history-worker");
            foreach (var timeout in Timeouts)
            {
                var body = "{\"workerId\":\"history-worker\",\"types\":[{\"name\":\"" + name + "\",\"schema\":{\"type\":\"string\"},\"defaultTimeoutSeconds\":" + timeout + ",\"defaultMaxAttempts\":1}]}";
                using var answer = await worker.Http.PostAsync(new Uri("/api/job-types", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
                answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
            }

            await SignInPage.SignInAsync(page, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword, "/job-types");
            await SignInPage.WaitUntilInteractiveAsync(page);
            var row = page.Locator($".job-type-{name}");
            await Expect(row.Locator(".jq-job-type-owner")).ToHaveTextAsync("key 'history-key'");
            await row.Locator(".jq-job-type-history-toggle").ClickAsync();
            var history = page.Locator($"#history-{name}");
            await Expect(history.Locator(".jq-job-type-history-entry")).ToHaveCountAsync(2);
            await Expect(history).ToContainTextAsync("added by worker key 'history-key' (worker history-worker)");
            await Expect(history).ToContainTextAsync("changed by worker key 'history-key' (worker history-worker)");
            await Expect(history).ToContainTextAsync("timeout 30 s -> 90 s");
            await row.Locator(".jq-job-type-history-toggle").ClickAsync();
            await Expect(history).ToHaveCountAsync(0);
        });

    [BrowserFact]
    public Task JobTypesPage_ForAUser_HasNoHistory() =>
        browser.RunAsync(system.DashboardUrl, nameof(JobTypesPage_ForAUser_HasNoHistory), async page =>
        {
            using var user = await system.NewUserAsync();
            await SignInPage.SignInAsync(page, user.Email, user.Password, "/job-types");
            await SignInPage.WaitUntilInteractiveAsync(page);
            await Expect(page.Locator(".job-type-reverse_string .jq-job-type-owner")).ToHaveTextAsync("JobQueue's workers");
            await Expect(page.Locator(".jq-job-type-history-toggle")).ToHaveCountAsync(0);
        });
}
