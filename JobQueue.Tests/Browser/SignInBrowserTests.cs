using System.Text.RegularExpressions;
using JobQueue.Dashboard.Components.Layout;
using JobQueue.Dashboard.Identity;
using JobQueue.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

[Collection(AdminPagesBrowserTests.Name)]
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

    /// <summary>The relative luminance of the sign-in card's background: near 0 is dark, near 1 light.</summary>
    private const string CardLuminance = """
        () => {
          const [r, g, b] = getComputedStyle(document.querySelector('.jq-account-card')).backgroundColor.match(/\d+(\.\d+)?/g).map(Number);
          const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        }
        """;

    [BrowserFact]
    public async Task SignInPage_ShowsTheProductsMark_AndFollowsTheOsDarkMode_UnlessTheUserChoseLight()
    {
        await using var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = system.DashboardUrl.ToString(),
            ColorScheme = Microsoft.Playwright.ColorScheme.Dark,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await Expect(page.Locator("#brand")).ToContainTextAsync("JobQueue");
        await Expect(page.Locator("#brand img")).ToHaveAttributeAsync("src", "jobqueue-mark.svg");
        (await page.EvaluateAsync<bool>("() => document.querySelector('#brand img').naturalWidth > 0")).ShouldBeTrue("the mark did not load");
        (await page.EvaluateAsync<double>(CardLuminance)).ShouldBeLessThan(0.1, "a dark OS gets a dark sign-in page");

        // A user who chose the light theme in the dashboard keeps it here.
        await page.EvaluateAsync($"localStorage.setItem('{MainLayout.ThemeKey}', 'light')");
        await page.ReloadAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        (await page.EvaluateAsync<double>(CardLuminance)).ShouldBeGreaterThan(0.8, "the user's light choice wins over the OS");
    }

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
