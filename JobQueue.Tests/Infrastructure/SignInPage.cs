using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Infrastructure;

/// <summary>The sign-in page as a user sees it.</summary>
public static class SignInPage
{
    public static async Task SignInAsync(IPage page, string email, string password, string path = "/")
    {
        await page.GotoAsync(path);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
    }

    /// <summary>
    /// Waits until the page's circuit is connected: clicks before that reach only prerendered HTML. A wait for the
    /// page to be ready, not a check of its speed: on a busy machine a circuit has taken more than the default 5 s.
    /// </summary>
    public static Task WaitUntilInteractiveAsync(IPage page) =>
        Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync(new() { Timeout = 20_000 });
}
