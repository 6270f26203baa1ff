using JobQueue.Dashboard.Identity;
using System.Text.RegularExpressions;
using JobQueue.Dashboard.Components.Layout;
using JobQueue.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

[Collection(SystemTests.Name)]
public class SignInBrowserTests(JobQueueSystem system, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public Task SignIn_RightPassword_LandsOnTheDashboardAsThatUser() =>
        browser.RunAsync(system.DashboardUrl, nameof(SignIn_RightPassword_LandsOnTheDashboardAsThatUser), async page =>
        {
            await SignInPage.SignInAsync(page, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword);

            await Expect(page).ToHaveURLAsync(new Uri(system.DashboardUrl, "/").ToString());
            await Expect(page.Locator("#signed-in-user")).ToHaveTextAsync(JobQueueSystem.AdminEmail);
        });

    [BrowserFact]
    public Task SignIn_WrongPassword_ShowsAnErrorAndStaysSignedOut() =>
        browser.RunAsync(system.DashboardUrl, nameof(SignIn_WrongPassword_ShowsAnErrorAndStaysSignedOut), async page =>
        {
            using var user = await system.NewUserAsync();
            await SignInPage.SignInAsync(page, user.Email, "not-the-password");

            await Expect(page.Locator("#login-error")).ToHaveTextAsync(SignInCheck.RefusedMessage);
            await page.GotoAsync("/");
            await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        });

    [BrowserFact]
    public Task SignIn_EmptyFields_ShowsMessagesNextToThem() =>
        browser.RunAsync(system.DashboardUrl, nameof(SignIn_EmptyFields_ShowsMessagesNextToThem), async page =>
        {
            await page.GotoAsync("/Account/Login");
            await page.ClickAsync("#sign-in");

            await Expect(page.GetByText("Enter your email.")).ToBeVisibleAsync();
            await Expect(page.GetByText("Enter your password.")).ToBeVisibleAsync();
        });

    [BrowserFact]
    public Task SignOut_ReturnsToSignIn_AndProtectedPagesThenRedirectThere() =>
        browser.RunAsync(system.DashboardUrl, nameof(SignOut_ReturnsToSignIn_AndProtectedPagesThenRedirectThere), async page =>
        {
            using var user = await system.NewUserAsync();
            await SignInPage.SignInAsync(page, user.Email, user.Password);
            await Expect(page.Locator("#signed-in-user")).ToHaveTextAsync(user.Email);
            await SignInPage.WaitUntilInteractiveAsync(page);

            await page.ClickAsync("#sign-out");

            await Expect(page).ToHaveURLAsync(new Regex("/Account/Login$"));
            await page.GotoAsync("/");
            await Expect(page).ToHaveURLAsync(new Regex("/Account/Login\\?ReturnUrl=%2F"));
        });

    [BrowserFact]
    public Task ThemeToggle_SwitchesTheTheme_AndIsRemembered() =>
        browser.RunAsync(system.DashboardUrl, nameof(ThemeToggle_SwitchesTheTheme_AndIsRemembered), async page =>
        {
            await SignInPage.SignInAsync(page, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword);
            await SignInPage.WaitUntilInteractiveAsync(page);
            var toggle = page.Locator("#theme-toggle");
            // Headless Chromium reports a light OS preference, so the page starts light.
            await Expect(toggle).ToHaveAttributeAsync("aria-label", "Switch to the dark theme");

            await toggle.ClickAsync();

            await Expect(toggle).ToHaveAttributeAsync("aria-label", "Switch to the light theme");
            (await page.EvaluateAsync<string>($"localStorage.getItem('{MainLayout.ThemeKey}')")).ShouldBe("dark");
            var darkBackground = await BackgroundAsync(page);
            await page.ReloadAsync();
            await SignInPage.WaitUntilInteractiveAsync(page);
            await Expect(toggle).ToHaveAttributeAsync("aria-label", "Switch to the light theme");
            (await BackgroundAsync(page)).ShouldBe(darkBackground);
        });

    private static Task<string> BackgroundAsync(Microsoft.Playwright.IPage page) =>
        page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
}
