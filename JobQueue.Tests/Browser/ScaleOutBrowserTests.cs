using System.Text.RegularExpressions;
using JobQueue.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

/// <summary>
/// Two dashboards on one PostgreSQL database, as a proxy would put them behind one address: a browser signed in on one
/// keeps working when its next page load lands on the other (the cookie, and the antiforgery token of a form the first
/// rendered, are read with the data-protection keys the two share through the database).
/// </summary>
[RunsAbout(Seconds = 60)]
public class ScaleOutBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task SignedInOnDashboardA_NextLoadLandsOnB_StillSignedInAndItsFormsWorkThere()
    {
        await using var system = new JobQueueSystem { Database = TestDatabase.Postgres, Dashboards = 2 };
        await system.InitializeAsync();
        var (a, b) = (system.DashboardUrls[0], system.DashboardUrls[1]);
        using var user = await system.NewUserAsync();

        await browser.RunAsync(a, nameof(SignedInOnDashboardA_NextLoadLandsOnB_StillSignedInAndItsFormsWorkThere), async page =>
        {
            await SignInPage.SignInAsync(page, user.Email, user.Password, "/jobs");
            await SignInPage.WaitUntilInteractiveAsync(page);

            // The next load goes to B (cookies belong to the host, whatever the port, as behind one proxy address).
            await page.GotoAsync(new Uri(b, "/jobs").ToString());
            await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(b.ToString())}jobs$"));
            await SignInPage.WaitUntilInteractiveAsync(page);
            await SubmitFormPage.ChooseTypeAsync(page, "reverse_string");
            await page.FillAsync("#payload-text", "landed on b");
            await page.FillAsync("#queue", system.Queue);
            await page.ClickAsync("#submit-job");
            var row = page.Locator("tr.jq-job-row").Filter(new() { HasText = "b no dednal" });
            await Expect(row.Locator(".jq-status")).ToHaveTextAsync("Succeeded");

            // Back on A, the sign-out form A rendered is posted to B, as a proxy might route it: B takes the cookie and
            // A's antiforgery token, and signs the user out.
            await page.GotoAsync(new Uri(a, "/jobs").ToString());
            await SignInPage.WaitUntilInteractiveAsync(page);
            var form = page.Locator("form[action='Account/Logout']");
            var token = await form.Locator("input[name='__RequestVerificationToken']").InputValueAsync();
            var response = await page.Context.APIRequest.PostAsync(new Uri(b, "/Account/Logout").ToString(), new()
            {
                Form = page.Context.APIRequest.CreateFormData().Set("__RequestVerificationToken", token).Set("returnUrl", "/"),
                MaxRedirects = 0,
            });
            response.Status.ShouldBe(302, await response.TextAsync());
            response.Headers["location"].ShouldContain("Account/Login");

            // Signed out everywhere: A's protected pages send the browser to sign in again.
            await page.GotoAsync(new Uri(a, "/jobs").ToString());
            await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        });
    }
}
