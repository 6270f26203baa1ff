using JobQueue.Dashboard.Identity;
using JobQueue.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

[Collection(AdminPagesBrowserTests.Name)]
public class AccountBrowserTests(JobQueueSystem system, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] AdminPages = ["/admin/workers", "/admin/users", "/admin/queues", "/admin/walls"];

    private static async Task OpenUsersPageAsAdminAsync(IPage page)
    {
        await SignInPage.SignInAsync(page, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword, "/admin/users");
        await SignInPage.WaitUntilInteractiveAsync(page);
    }

    private static ILocator UserRow(IPage page, string email) => page.Locator("tr.jq-user-row").Filter(new() { HasText = email });

    /// <summary>The users page pages its users: a test's user is found by searching for it.</summary>
    private static async Task<ILocator> FindUserAsync(IPage page, string email)
    {
        await page.FillAsync("#user-search", email);
        var row = UserRow(page, email);
        await Expect(page.Locator("tr.jq-user-row")).ToHaveCountAsync(1);
        return row;
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = system.DashboardUrl.ToString() });
        return await context.NewPageAsync();
    }

    [BrowserFact]
    public Task Users_AdminCreatesAUser_WhoCanThenSignIn() =>
        browser.RunAsync(system.DashboardUrl, nameof(Users_AdminCreatesAUser_WhoCanThenSignIn), async page =>
        {
            var email = $"created-{Guid.NewGuid():N}@jobqueue.test";
            await OpenUsersPageAsAdminAsync(page);

            await page.FillAsync("#new-email", email);
            await page.FillAsync("#new-password", "Created-Passw0rd");
            await page.ClickAsync("#create-user");

            await Expect(UserRow(page, email).Locator(".jq-user-state")).ToHaveTextAsync("Active");
            var other = await NewPageAsync();
            await SignInPage.SignInAsync(other, email, "Created-Passw0rd");
            await Expect(other.Locator("#signed-in-user")).ToHaveTextAsync(email);
            await other.Context.CloseAsync();
        });

    [BrowserFact]
    public Task Users_CreateWithAWeakPassword_ShowsWhyNextToThePassword() =>
        browser.RunAsync(system.DashboardUrl, nameof(Users_CreateWithAWeakPassword_ShowsWhyNextToThePassword), async page =>
        {
            await OpenUsersPageAsAdminAsync(page);
            await page.FillAsync("#new-email", $"weak-{Guid.NewGuid():N}@jobqueue.test");
            await page.FillAsync("#new-password", "short");
            await page.ClickAsync("#create-user");
            await Expect(page.GetByText("Passwords must be at least 12 characters.")).ToBeVisibleAsync();
        });

    [BrowserFact]
    public Task Users_AdminDisablesAUser_WhoCanNoLongerSignIn() =>
        browser.RunAsync(system.DashboardUrl, nameof(Users_AdminDisablesAUser_WhoCanNoLongerSignIn), async page =>
        {
            using var user = await system.NewUserAsync();
            await OpenUsersPageAsAdminAsync(page);

            await (await FindUserAsync(page, user.Email)).Locator(".jq-toggle-disabled").ClickAsync();

            await Expect(UserRow(page, user.Email).Locator(".jq-user-state")).ToHaveTextAsync("Disabled");
            var other = await NewPageAsync();
            await SignInPage.SignInAsync(other, user.Email, user.Password);
            // A disabled account is refused in the same words as a wrong password: the page tells nothing about which accounts exist.
            await Expect(other.Locator("#login-error")).ToHaveTextAsync(SignInCheck.RefusedMessage);
            await other.Context.CloseAsync();
        });

    [BrowserFact]
    public Task Users_AdminMakesAUserAdmin_WhoThenReachesTheUsersPage() =>
        browser.RunAsync(system.DashboardUrl, nameof(Users_AdminMakesAUserAdmin_WhoThenReachesTheUsersPage), async page =>
        {
            using var user = await system.NewUserAsync();
            var other = await NewPageAsync();
            await SignInPage.SignInAsync(other, user.Email, user.Password, "/admin/users");
            await Expect(other.Locator("#access-denied")).ToBeVisibleAsync();
            await other.GotoAsync("/jobs");
            await SignInPage.WaitUntilInteractiveAsync(other);
            await Expect(other.Locator("#nav-change-password")).ToBeVisibleAsync();
            await Expect(other.Locator("#nav-users")).ToHaveCountAsync(0);

            await OpenUsersPageAsAdminAsync(page);
            var row = await FindUserAsync(page, user.Email);
            await Expect(row.Locator(".jq-user-role")).ToHaveTextAsync("User");
            await row.Locator(".jq-role-admin").ClickAsync();
            await Expect(page.GetByText($"{user.Email} is now Admin")).ToBeVisibleAsync();
            await Expect(row.Locator(".jq-user-role")).ToHaveTextAsync("Admin");

            // Roles travel in the cookie: sign in again to pick up the new one.
            await other.Context.ClearCookiesAsync();
            await SignInPage.SignInAsync(other, user.Email, user.Password, "/admin/users");
            await SignInPage.WaitUntilInteractiveAsync(other);
            await Expect(await FindUserAsync(other, user.Email)).ToHaveCountAsync(1);
            await other.Context.CloseAsync();
        });

    private static async Task ChangePasswordAsync(IPage page, ApiClient user, string newPassword, string repeated)
    {
        await SignInPage.SignInAsync(page, user.Email, user.Password, "/Account/ChangePassword");
        await page.FillAsync("#current-password", user.Password);
        await page.FillAsync("#new-password", newPassword);
        await page.FillAsync("#confirm-password", repeated);
        await page.ClickAsync("#change-password");
    }

    [BrowserFact]
    public Task ChangePassword_ThenTheNewPasswordSignsIn() =>
        browser.RunAsync(system.DashboardUrl, nameof(ChangePassword_ThenTheNewPasswordSignsIn), async page =>
        {
            using var user = await system.NewUserAsync();
            await ChangePasswordAsync(page, user, "Changed-Passw0rd", "Changed-Passw0rd");
            await Expect(page.Locator("#password-message")).ToContainTextAsync("Your password has been changed");

            await page.Context.ClearCookiesAsync();
            await SignInPage.SignInAsync(page, user.Email, user.Password);
            await Expect(page.Locator("#login-error")).ToBeVisibleAsync();
            await page.FillAsync("#email", user.Email);
            await page.FillAsync("#password", "Changed-Passw0rd");
            await page.ClickAsync("#sign-in");
            await Expect(page.Locator("#signed-in-user")).ToHaveTextAsync(user.Email);
        });

    [BrowserFact]
    public Task AdminPages_ForANonAdmin_AreDeniedAndNotInTheMenu() =>
        browser.RunAsync(system.DashboardUrl, nameof(AdminPages_ForANonAdmin_AreDeniedAndNotInTheMenu), async page =>
        {
            using var user = await system.NewUserAsync();
            await SignInPage.SignInAsync(page, user.Email, user.Password, "/jobs");
            await SignInPage.WaitUntilInteractiveAsync(page);
            await Expect(page.Locator("#nav-workers")).ToHaveCountAsync(0);
            await Expect(page.Locator("#nav-users")).ToHaveCountAsync(0);
            await Expect(page.Locator("#nav-queues")).ToHaveCountAsync(0);
            await Expect(page.Locator("#nav-walls")).ToHaveCountAsync(0);

            foreach (var path in AdminPages)
            {
                await page.GotoAsync(path);
                await Expect(page.Locator("#access-denied")).ToBeVisibleAsync();
                await Expect(page.Locator(".jq-worker-row, .jq-user-row, .jq-queue-admin-row, .jq-dead-row, .jq-wall-key-row, #create-wall-key")).ToHaveCountAsync(0);
            }
        });

    [BrowserFact]
    public Task ChangePassword_Mismatch_ShowsTheMessageNextToTheField() =>
        browser.RunAsync(system.DashboardUrl, nameof(ChangePassword_Mismatch_ShowsTheMessageNextToTheField), async page =>
        {
            using var user = await system.NewUserAsync();
            await ChangePasswordAsync(page, user, "Changed-Passw0rd", "Different-Passw0rd");
            await Expect(page.GetByText("The two new passwords differ.")).ToBeVisibleAsync();
        });
}
