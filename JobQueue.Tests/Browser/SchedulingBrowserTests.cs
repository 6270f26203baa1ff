using System.Globalization;
using System.Text.RegularExpressions;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

/// <summary>Delayed and recurring jobs in the browser: a scheduled job's countdown, and the recurring page's create, next runs, first run, pause and resume.</summary>
[Collection(JobPagesBrowserTests.Name)]
public class SchedulingBrowserTests(JobQueueSystem system, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly Regex CountdownSeconds = new(@"\(in (\d+) s\)");

    [BrowserFact]
    public Task SubmitForm_WithADelay_IsScheduled_ItsPageCountsDown_ThenShowsItRunLive() =>
        browser.RunAsync(system.DashboardUrl, nameof(SubmitForm_WithADelay_IsScheduled_ItsPageCountsDown_ThenShowsItRunLive), async page =>
        {
            using var user = await system.NewUserAsync();
            await SignInPage.SignInAsync(page, user.Email, user.Password, "/jobs");
            await SignInPage.WaitUntilInteractiveAsync(page);
            await SubmitFormPage.ChooseTypeAsync(page, "reverse_string");
            await page.FillAsync("#payload-text", "counted down");
            await page.FillAsync("#queue", system.Queue);
            await page.ClickAsync("#submit-options");
            await page.FillAsync("#delay-seconds", "8");
            await page.Locator(".jq-priority").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^high$") }).ClickAsync();
            // The choice has reached the server (the select renders it back) before the submit is clicked.
            await Expect(page.Locator(".jq-priority input").First).ToHaveValueAsync("High");
            await page.ClickAsync("#submit-job");

            await Expect(page.Locator("tr.jq-job-row").First.Locator(".jq-status")).ToHaveTextAsync("Scheduled");
            var job = (await user.ListAsync()).Items.ShouldHaveSingleItem();
            job.Status.ShouldBe(JobStatus.Scheduled);
            await page.GotoAsync($"/jobs/{job.Id}");
            await SignInPage.WaitUntilInteractiveAsync(page);
            await Expect(page.Locator("#job-priority")).ToHaveTextAsync("high");
            var runAt = page.Locator("#job-run-at");
            await Expect(runAt).ToContainTextAsync(new Regex(@"\(in \d+ s\)"));
            var first = await SecondsLeftAsync(runAt);
            // The countdown moves on its own, a second at a time.
            await Expect(runAt).Not.ToContainTextAsync($"(in {first} s)");
            (await SecondsLeftAsync(runAt)).ShouldBeLessThan(first);

            await Expect(page.Locator(".jq-status").First).ToHaveTextAsync("Succeeded", new() { Timeout = 20_000 });
            await Expect(runAt).Not.ToContainTextAsync("(in");
            await Expect(page.Locator("#job-result")).ToHaveTextAsync("nwod detnuoc");
        });

    [BrowserFact]
    public Task RecurringPage_CreateAJob_ShowsItsNextRunsAndAFirstRunLive_ThenPausesAndResumes() =>
        browser.RunAsync(system.DashboardUrl, nameof(RecurringPage_CreateAJob_ShowsItsNextRunsAndAFirstRunLive_ThenPausesAndResumes), async page =>
        {
            using var user = await system.NewUserAsync();
            await SignInPage.SignInAsync(page, user.Email, user.Password, "/recurring");
            await SignInPage.WaitUntilInteractiveAsync(page);
            await page.EvaluateAsync("window.jqNotReloaded = true");
            await Expect(page.Locator("#recurring-empty")).ToBeVisibleAsync();
            await page.FillAsync("#recurring-name-input", "every two seconds");
            await page.FillAsync("#recurring-cron", "* * *");
            await page.FillAsync("#recurring-queue", system.Queue);
            await page.ClickAsync("#recurring-save");
            // A bad schedule gets its message next to the field, and nothing is created.
            await Expect(page.Locator("#recurring-form .mud-input-helper-text.mud-input-error")).ToContainTextAsync("3 fields");
            await Expect(page.Locator("#recurring-empty")).ToBeVisibleAsync();

            await page.FillAsync("#recurring-cron", "*/2 * * * * *");
            await page.ClickAsync("#recurring-save");

            var row = page.Locator("tr").Filter(new() { HasText = "every two seconds" });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row.Locator(".jq-recurring-next li")).ToHaveCountAsync(5);
            await Expect(row.Locator(".jq-recurring-state")).ToHaveTextAsync("Active");
            // Its first run appears without a reload, linked to its job, and its status follows the job.
            await Expect(row.Locator(".jq-recurring-last")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await Expect(row.Locator(".jq-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 15_000 });
            (await row.Locator(".jq-recurring-last").GetAttributeAsync("href")).ShouldStartWith("/jobs/");

            await row.Locator(".jq-recurring-pause").ClickAsync();
            await Expect(row.Locator(".jq-recurring-state")).ToHaveTextAsync("Paused");
            await Expect(row.Locator(".jq-recurring-next li")).ToHaveCountAsync(0);

            await row.Locator(".jq-recurring-resume").ClickAsync();
            await Expect(row.Locator(".jq-recurring-state")).ToHaveTextAsync("Active");
            await Expect(row.Locator(".jq-recurring-next li")).ToHaveCountAsync(5);
            (await page.EvaluateAsync<bool>("window.jqNotReloaded === true")).ShouldBeTrue("the page was reloaded");

            // Its history, opened under the row, grows live; a run started by hand is in it.
            await row.Locator(".jq-recurring-history-toggle").ClickAsync();
            var history = page.Locator(".jq-recurring-history .jq-recurring-history-run");
            await Expect(history.First).ToBeVisibleAsync();
            await row.Locator(".jq-recurring-pause").ClickAsync();
            await Expect(row.Locator(".jq-recurring-state")).ToHaveTextAsync("Paused");
            var before = await history.CountAsync();
            await row.Locator(".jq-recurring-run").ClickAsync();
            await Expect(history).ToHaveCountAsync(before + 1);
            await Expect(page.Locator(".jq-recurring-history")).ToContainTextAsync("run by hand");

            // Edit: the form takes the job's values, and saving renames it in place.
            await row.Locator(".jq-recurring-edit").ClickAsync();
            await Expect(page.Locator("#recurring-cron")).ToHaveValueAsync("*/2 * * * * *");
            await page.FillAsync("#recurring-name-input", "every two seconds, renamed");
            await page.ClickAsync("#recurring-save");
            var renamed = page.Locator("tr").Filter(new() { HasText = "every two seconds, renamed" });
            await Expect(renamed).ToHaveCountAsync(1);
            await Expect(renamed.Locator(".jq-recurring-state")).ToHaveTextAsync("Paused");

            await renamed.Locator(".jq-recurring-delete").ClickAsync();
            await Expect(renamed).ToHaveCountAsync(0);
        });

    [BrowserFact]
    public Task RecurringPage_PayloadInputsFromTheTypesSchema_ABrokenBoundIsSaidNextToItsField_AndEditFillsThemAgain() =>
        browser.RunAsync(system.DashboardUrl, nameof(RecurringPage_PayloadInputsFromTheTypesSchema_ABrokenBoundIsSaidNextToItsField_AndEditFillsThemAgain), async page =>
        {
            using var user = await system.NewUserAsync();
            await SignInPage.SignInAsync(page, user.Email, user.Password, "/recurring");
            await SignInPage.WaitUntilInteractiveAsync(page);
            await page.Locator(".jq-recurring-type").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^sleep$") }).ClickAsync();
            // The sleep type's inputs, made from its schema, start from a payload the schema accepts.
            var seconds = page.Locator("#recurring-payload #payload-seconds");
            var steps = page.Locator("#recurring-payload #payload-steps");
            await Expect(seconds).ToBeVisibleAsync();
            await Expect(steps).ToHaveValueAsync("1");
            await page.FillAsync("#recurring-name-input", "nightly sleep");
            await page.FillAsync("#recurring-cron", "0 3 * * *");
            await page.FillAsync("#recurring-queue", system.Queue);
            await seconds.FillAsync("99999");
            await page.ClickAsync("#recurring-save");
            await Expect(page.Locator("#recurring-payload .mud-input-error").First).ToContainTextAsync("Seconds must be more than 0 and at most 3600");
            await Expect(page.Locator("#recurring-empty")).ToBeVisibleAsync();

            await seconds.FillAsync("2.5");
            await steps.FillAsync("5");
            await page.ClickAsync("#recurring-save");
            var row = page.Locator("tr").Filter(new() { HasText = "nightly sleep" });
            await Expect(row).ToHaveCountAsync(1);
            using var listed = await user.Http.GetAsync(new Uri("/api/recurring", UriKind.Relative));
            var payload = (await listed.Content.ReadAsStringAsync()).ShouldNotBeNull();
            payload.ShouldContain("\"payload\":{\"seconds\":2.5,\"steps\":5}", Case.Sensitive, "the fields left at their defaults are left out");

            // Edit fills the inputs from the saved payload.
            await row.Locator(".jq-recurring-edit").ClickAsync();
            await Expect(page.Locator("#recurring-form")).ToContainTextAsync("Edit nightly sleep");
            await Expect(seconds).ToHaveValueAsync("2.5");
            await Expect(steps).ToHaveValueAsync("5");
        });

    private static async Task<int> SecondsLeftAsync(ILocator runAt) =>
        int.Parse(CountdownSeconds.Match(await runAt.InnerTextAsync()).Groups[1].Value, CultureInfo.InvariantCulture);
}
