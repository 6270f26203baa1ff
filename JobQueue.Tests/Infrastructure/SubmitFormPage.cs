using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace JobQueue.Tests.Infrastructure;

/// <summary>The jobs page's submit form, as a browser test drives it.</summary>
public static class SubmitFormPage
{
    /// <summary>Chooses a job type in the form's type list; the payload's inputs are made from its schema.</summary>
    public static async Task ChooseTypeAsync(IPage page, string type)
    {
        await page.Locator(".jq-job-type").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(type)}") }).ClickAsync();
    }
}
