using JobQueue.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

[Collection(AdminPagesBrowserTests.Name)]
public class ApiReferenceBrowserTests(JobQueueSystem system, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public Task ApiReference_FromTheMenu_ListsTheEndpoints_AndOneOpensWithItsSchema() =>
        browser.RunAsync(system.DashboardUrl, nameof(ApiReference_FromTheMenu_ListsTheEndpoints_AndOneOpensWithItsSchema), async page =>
        {
            using var user = await system.NewUserAsync();
            await SignInPage.SignInAsync(page, user.Email, user.Password, "/");
            await SignInPage.WaitUntilInteractiveAsync(page);
            await page.ClickAsync("#nav-api");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/api-docs/index.html$"));

            // Swagger UI ran under the dashboard's content security policy and rendered the document's operations.
            await Expect(page.Locator(".info .title")).ToContainTextAsync("JobQueue API", new() { Timeout = 20_000 });
            var submit = page.Locator(".opblock-post").Filter(new() { Has = page.Locator("[data-path='/api/jobs']") });
            await Expect(submit).ToHaveCountAsync(1);
            await submit.Locator(".opblock-summary").ClickAsync();
            await Expect(submit.Locator(".opblock-body")).ToContainTextAsync("application/json");
            await Expect(submit.Locator(".responses-wrapper")).ToContainTextAsync("201");
        });
}
