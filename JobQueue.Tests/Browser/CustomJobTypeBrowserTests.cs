using JobQueue.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

/// <summary>The submit form of a team's own type (word_count, from examples/WordCountWorker), made from the schema its worker advertised.</summary>
[Collection(JobPagesBrowserTests.Name)]
public class CustomJobTypeBrowserTests(JobQueueSystem system, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static ILocator HelperOf(IPage page, string inputId) =>
        page.Locator(".mud-input-control").Filter(new() { Has = page.Locator($"#{inputId}") }).Locator(".mud-input-helper-text");

    [BrowserFact]
    public Task SubmitForm_ForATeamsType_IsMadeFromItsSchema_SaysABrokenBound_AndSubmitsAJobThatSucceeds() =>
        browser.RunAsync(system.DashboardUrl, nameof(SubmitForm_ForATeamsType_IsMadeFromItsSchema_SaysABrokenBound_AndSubmitsAJobThatSucceeds), async page =>
        {
            var queue = await system.NewQueueAsync("words-form");
            await using var worker = await system.StartWorkerAsync(queue, "word-count-form", dll: TestPaths.WordCountWorkerDll);
            await JobQueueSystem.WaitForJobTypesAsync(system.DashboardUrl, ["word_count"]);
            using var user = await system.NewUserAsync();
            await SignInPage.SignInAsync(page, user.Email, user.Password, "/jobs");
            await SignInPage.WaitUntilInteractiveAsync(page);

            await SubmitFormPage.ChooseTypeAsync(page, "word_count");
            // Its one required field on the form's line, with the description and bounds as its hint; the others under Options.
            await Expect(HelperOf(page, "payload-text")).ToHaveTextAsync("the text to count the words of, not empty, up to 50000 characters");
            await Expect(page.Locator("#payload-top")).ToBeHiddenAsync();
            await page.ClickAsync("#submit-options");
            await Expect(HelperOf(page, "payload-top")).ToHaveTextAsync("the most frequent words listed, 1 to 100");
            await Expect(page.Locator(".mud-input-control").Filter(new() { Has = page.Locator("#payload-top") })).ToContainTextAsync("Top words");
            await Expect(HelperOf(page, "payload-minlength")).ToHaveTextAsync("shorter words are not counted, 1 to 50");
            await Expect(page.Locator("#payload-casesensitive")).ToBeVisibleAsync();

            await page.FillAsync("#payload-text", "one two two three three three");
            await page.FillAsync("#queue", queue);
            await page.FillAsync("#payload-top", "101");
            await page.ClickAsync("#submit-job");
            await Expect(HelperOf(page, "payload-top")).ToHaveTextAsync("Top words must be between 1 and 100.");
            (await user.ListAsync()).Total.ShouldBe(0);

            await page.FillAsync("#payload-top", "2");
            await Expect(HelperOf(page, "payload-top")).ToHaveTextAsync("the most frequent words listed, 1 to 100");
            await page.ClickAsync("#submit-job");
            var row = page.Locator("tr.jq-job-row").Filter(new() { HasText = "word_count" });
            await Expect(row.Locator(".jq-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 30_000 });
            var job = (await user.ListAsync()).Items.Single();
            job.Result.ShouldBe("{\"words\":6,\"distinctWords\":3,\"top\":[{\"word\":\"three\",\"count\":3},{\"word\":\"two\",\"count\":2}]}");
            // What was left alone is left out: the worker takes its defaults.
            job.Payload.GetRawText().ShouldBe("{\"text\":\"one two two three three three\",\"top\":2}");
        });

    [BrowserFact]
    public Task SubmitForm_ATypeWhoseWorkersAreAway_IsStillOffered_MarkedAsSuch() =>
        browser.RunAsync(system.DashboardUrl, nameof(SubmitForm_ATypeWhoseWorkersAreAway_IsStillOffered_MarkedAsSuch), async page =>
        {
            var queue = await system.NewQueueAsync("words-gone");
            await using (await system.StartWorkerAsync(queue, "word-count-gone", dll: TestPaths.WordCountWorkerDll))
                await JobQueueSystem.WaitForJobTypesAsync(system.DashboardUrl, ["word_count"]);
            using var user = await system.NewUserAsync();
            await SignInPage.SignInAsync(page, user.Email, user.Password, "/jobs");
            await SignInPage.WaitUntilInteractiveAsync(page);
            await page.Locator(".jq-job-type").ClickAsync();
            await Expect(page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "word_count" })).ToHaveTextAsync("word_count (no worker online)");
            await page.Keyboard.PressAsync("Escape");

            // The job types page lists it so, with its schema on demand, and comes back to life when a worker does.
            await page.ClickAsync("#nav-job-types");
            var row = page.Locator("tr.job-type-word_count");
            await Expect(row.Locator(".jq-job-type-workers")).ToHaveTextAsync("no worker online");
            await Expect(row).ToContainTextAsync("Counts the words of a text");
            await row.Locator(".jq-job-type-schema-toggle").ClickAsync();
            await Expect(page.Locator("#schema-word_count")).ToContainTextAsync("\"caseSensitive\"");
            await using (await system.StartWorkerAsync(queue, "word-count-again", dll: TestPaths.WordCountWorkerDll))
                await Expect(row.Locator(".jq-job-type-workers")).ToHaveTextAsync("1 online", new() { Timeout = 20_000 });
            await row.Locator(".jq-job-type-name").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/jobs\\?type=word_count$"));
        });
}
