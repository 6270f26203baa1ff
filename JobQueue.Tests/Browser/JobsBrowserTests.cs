using System.Globalization;
using System.Text.RegularExpressions;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JobQueue.Tests.Browser;

[Collection(JobPagesBrowserTests.Name)]
public class JobsBrowserTests(JobQueueSystem system, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<ApiClient> OpenJobsPageAsync(IPage page)
    {
        var user = await system.NewUserAsync();
        await SignInPage.SignInAsync(page, user.Email, user.Password, "/jobs");
        await SignInPage.WaitUntilInteractiveAsync(page);
        // Proves later that the page was never reloaded: a reload would wipe this.
        await page.EvaluateAsync("window.jqNotReloaded = true");
        return user;
    }

    private static async Task ExpectNotReloadedAsync(IPage page) =>
        (await page.EvaluateAsync<bool>("window.jqNotReloaded === true")).ShouldBeTrue("the page was reloaded");

    private static ILocator Row(IPage page, Guid id) => page.Locator($"tr.job-{id}");

    private static Task ChooseTypeAsync(IPage page, string type) => SubmitFormPage.ChooseTypeAsync(page, type);

    [BrowserFact]
    public async Task Times_ReadInTheViewersTimeZone_NotTheServers()
    {
        // Kolkata is UTC+05:30 all year (no daylight saving): a time in it cannot pass for the server's UTC.
        await using var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = system.DashboardUrl.ToString(),
            TimezoneId = "Asia/Kolkata",
        });
        var page = await context.NewPageAsync();
        using var user = await system.NewUserAsync();
        var job = await user.SubmitAsync("reverse_string", "\"what time is it\"", system.Queue);
        var inKolkata = job.CreatedAt.AddHours(5.5);
        await SignInPage.SignInAsync(page, user.Email, user.Password, "/jobs");
        await SignInPage.WaitUntilInteractiveAsync(page);

        var created = Row(page, job.Id).Locator("td[data-label='Created']");
        await Expect(created).ToHaveTextAsync(inKolkata.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(created).ToHaveAttributeAsync("title", inKolkata.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await page.GotoAsync($"/jobs/{job.Id}");
        await Expect(page.Locator("tr", new() { HasText = "Created" })).ToContainTextAsync(
            inKolkata.ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture));
    }

    [BrowserFact]
    public Task SubmitForm_ReverseString_ShowsSucceededAndTheResultWithoutReload() =>
        browser.RunAsync(system.DashboardUrl, nameof(SubmitForm_ReverseString_ShowsSucceededAndTheResultWithoutReload), async page =>
        {
            using var user = await OpenJobsPageAsync(page);
            await ChooseTypeAsync(page, "reverse_string");
            await page.FillAsync("#payload-text", "hello world");
            await page.FillAsync("#queue", system.Queue);

            await page.ClickAsync("#submit-job");

            var row = page.Locator("tr.jq-job-row").Filter(new() { HasText = "dlrow olleh" });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row.Locator(".jq-status")).ToHaveTextAsync("Succeeded");
            await ExpectNotReloadedAsync(page);
        });

    [BrowserFact]
    public Task SubmitForm_EnterInAField_Submits_AndTheQueueFieldSaysWhoTakesIt() =>
        browser.RunAsync(system.DashboardUrl, nameof(SubmitForm_EnterInAField_Submits_AndTheQueueFieldSaysWhoTakesIt), async page =>
        {
            using var user = await OpenJobsPageAsync(page);
            await page.FillAsync("#queue", "no-such-queue");
            await Expect(page.Locator(".mud-input-control").Filter(new() { Has = page.Locator("#queue") })).ToContainTextAsync("no such queue");
            await page.FillAsync("#queue", system.Queue);
            await Expect(page.Locator(".mud-input-control").Filter(new() { Has = page.Locator("#queue") })).ToContainTextAsync("2 workers take it");
            await Expect(page.Locator($"#queue-options option[value='{system.Queue}']")).ToHaveAttributeAsync("label", "2 workers take it");
            await ChooseTypeAsync(page, "reverse_string");
            await page.FillAsync("#payload-text", "entered");
            await page.PressAsync("#payload-text", "Enter");

            var row = page.Locator("tr.jq-job-row").Filter(new() { HasText = "deretne" });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row.Locator(".jq-status")).ToHaveTextAsync("Succeeded");
            // One short notice, linked to the job.
            var notice = page.Locator(".mud-snackbar", new() { HasText = "Submitted" });
            await Expect(notice).ToHaveCountAsync(1);
            var id = await row.Locator(".jq-job-id").InnerTextAsync();
            await Expect(notice).ToContainTextAsync($"Submitted {id}");
            await notice.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/jobs/[0-9a-f-]*{id}$"));
        });

    [BrowserFact]
    public Task SubmitForm_Sleep_ProgressMovesThenCancelShowsCancelled() =>
        browser.RunAsync(system.DashboardUrl, nameof(SubmitForm_Sleep_ProgressMovesThenCancelShowsCancelled), async page =>
        {
            using var user = await OpenJobsPageAsync(page);
            await ChooseTypeAsync(page, "sleep");
            await page.FillAsync("#payload-seconds", "60");
            await page.FillAsync("#payload-steps", "120");
            await page.FillAsync("#queue", system.Queue);
            await page.ClickAsync("#submit-job");

            var row = page.Locator("tr.jq-job-row").First;
            await Expect(row.Locator(".jq-status")).ToHaveTextAsync("Running");
            var bar = row.Locator(".jq-progress");
            var first = await ProgressAsync(bar);
            await Expect(bar).Not.ToHaveAttributeAsync("aria-valuenow", first.ToString(CultureInfo.InvariantCulture));
            (await ProgressAsync(bar)).ShouldBeGreaterThan(first);

            await row.Locator(".jq-cancel").ClickAsync();

            await Expect(row.Locator(".jq-status")).ToHaveTextAsync("Cancelled");
            await ExpectNotReloadedAsync(page);
        });

    [BrowserFact]
    public Task JobsPage_OfAnotherUser_DoesNotShowMyJobs() =>
        browser.RunAsync(system.DashboardUrl, nameof(JobsPage_OfAnotherUser_DoesNotShowMyJobs), async page =>
        {
            using var owner = await system.NewUserAsync();
            var job = await owner.SubmitAsync("uppercase_text", "\"private\"", system.Queue);
            await using var otherContext = await browser.Browser.NewContextAsync(new() { BaseURL = system.DashboardUrl.ToString() });
            var ownerPage = await otherContext.NewPageAsync();
            await SignInPage.SignInAsync(ownerPage, owner.Email, owner.Password, "/jobs");
            await Expect(Row(ownerPage, job.Id)).ToHaveCountAsync(1);

            using var stranger = await OpenJobsPageAsync(page);

            await Expect(page.GetByText("No jobs yet.")).ToBeVisibleAsync();
            await Expect(Row(page, job.Id)).ToHaveCountAsync(0);
            await page.GotoAsync($"/jobs/{job.Id}");
            await Expect(page.Locator("#job-missing")).ToHaveTextAsync("Job not found, or not yours");
            await Expect(page.Locator("#job-not-found")).ToContainTextAsync(job.Id.ToString());
            await Expect(page).ToHaveTitleAsync($"Job {job.Id.ToString("N")[^8..]} · JobQueue");
            await page.ClickAsync("#back-to-jobs");
            await Expect(page).ToHaveURLAsync(new Regex("/jobs$"));
        });

    [BrowserFact]
    public Task JobSubmittedThroughTheApi_AppearsInAnOpenJobsPage() =>
        browser.RunAsync(system.DashboardUrl, nameof(JobSubmittedThroughTheApi_AppearsInAnOpenJobsPage), async page =>
        {
            using var user = await OpenJobsPageAsync(page);

            var job = await user.SubmitAsync("fibonacci_calc", "30", system.Queue);

            await Expect(Row(page, job.Id)).ToHaveCountAsync(1);
            await Expect(Row(page, job.Id).Locator(".jq-status")).ToHaveTextAsync("Succeeded");
            await Expect(Row(page, job.Id)).ToContainTextAsync("832040");
            await ExpectNotReloadedAsync(page);
        });

    [BrowserFact]
    public Task SubmitForm_BadPayloads_ShowMessagesNextToTheFieldsAndSubmitNothing() =>
        browser.RunAsync(system.DashboardUrl, nameof(SubmitForm_BadPayloads_ShowMessagesNextToTheFieldsAndSubmitNothing), async page =>
        {
            using var user = await OpenJobsPageAsync(page);

            await ChooseTypeAsync(page, "fibonacci_calc");
            var submitAt = (await page.Locator("#submit-job").BoundingBoxAsync())!.Y;
            var queueAt = (await page.Locator("#queue").BoundingBoxAsync())!.Y;
            await page.FillAsync("#payload-n", "-1");
            await page.ClickAsync("#submit-job");
            await Expect(page.GetByText("n must be between 0 and 10000.")).ToBeVisibleAsync();
            // The message takes the helper line's place: nothing moves.
            (await page.Locator("#submit-job").BoundingBoxAsync())!.Y.ShouldBe(submitAt);
            (await page.Locator("#queue").BoundingBoxAsync())!.Y.ShouldBe(queueAt);
            // A second bad value gets its own message (it used to get none, and nothing was submitted either).
            await page.FillAsync("#payload-n", "5");
            await Expect(page.GetByText("n must be between 0 and 10000.")).ToBeHiddenAsync();
            await page.FillAsync("#payload-n", "10001");
            await page.ClickAsync("#submit-job");
            await Expect(page.GetByText("n must be between 0 and 10000.")).ToBeVisibleAsync();

            await ChooseTypeAsync(page, "sleep");
            await page.FillAsync("#payload-seconds", "5");
            await page.FillAsync("#payload-steps", "1001");
            await page.ClickAsync("#submit-job");
            await Expect(page.GetByText("Steps must be between 1 and 1000.")).ToBeVisibleAsync();

            await page.FillAsync("#payload-seconds", "0");
            await page.FillAsync("#payload-steps", "5");
            await page.ClickAsync("#submit-job");
            await Expect(page.GetByText("Seconds must be more than 0 and at most 3600.")).ToBeVisibleAsync();

            await ChooseTypeAsync(page, "reverse_string");
            await page.FillAsync("#payload-text", "   ");
            await page.ClickAsync("#submit-job");
            await Expect(page.GetByText("Text must not be empty or only spaces.")).ToBeVisibleAsync();

            await ChooseTypeAsync(page, "reverse_string");
            await page.FillAsync("#payload-text", "fine");
            await page.FillAsync("#queue", "Not A Queue!");
            await page.ClickAsync("#submit-job");
            await Expect(page.GetByText("The queue name must be 1 to 64 characters")).ToBeVisibleAsync();

            (await user.ListAsync()).Total.ShouldBe(0);
        });

    [BrowserFact]
    public Task SubmitForm_ToAQueueThatDoesNotExist_ShowsWhichQueuesDo_NextToTheQueue() =>
        browser.RunAsync(system.DashboardUrl, nameof(SubmitForm_ToAQueueThatDoesNotExist_ShowsWhichQueuesDo_NextToTheQueue), async page =>
        {
            using var user = await OpenJobsPageAsync(page);
            await ChooseTypeAsync(page, "reverse_string");
            await page.FillAsync("#payload-text", "lost");
            await page.FillAsync("#queue", "no-such-queue");
            await page.ClickAsync("#submit-job");

            var message = page.Locator(".mud-input-control").Filter(new() { Has = page.Locator("#queue") }).Locator(".mud-input-helper-text.mud-input-error");
            await Expect(message).ToContainTextAsync("There is no queue 'no-such-queue'");
            await Expect(message).ToContainTextAsync("default");
            (await user.ListAsync()).Total.ShouldBe(0);
        });

    [BrowserFact]
    public Task SubmitForm_FailingSleepWithThreeAttempts_ShowsRetryingWithTheNextAttempt_ThenFailedAfterTheThird() =>
        browser.RunAsync(system.DashboardUrl, nameof(SubmitForm_FailingSleepWithThreeAttempts_ShowsRetryingWithTheNextAttempt_ThenFailedAfterTheThird), async page =>
        {
            using var user = await OpenJobsPageAsync(page);
            await ChooseTypeAsync(page, "sleep");
            await page.FillAsync("#payload-seconds", "0.2");
            await page.FillAsync("#payload-steps", "1");
            // Attempts, timeout and failing on purpose are folded under Options.
            await Expect(page.Locator("#payload-fail")).ToBeHiddenAsync();
            await page.ClickAsync("#submit-options");
            await page.Locator("#payload-fail").CheckAsync();
            await page.FillAsync("#queue", system.Queue);

            // Out of range: the message is next to the field and nothing is submitted.
            await page.FillAsync("#max-attempts", "11");
            await page.FillAsync("#timeout-seconds", "0");
            await page.ClickAsync("#submit-job");
            await Expect(page.Locator(".mud-input-control").Filter(new() { Has = page.Locator("#max-attempts") }))
                .ToContainTextAsync("Max attempts must be between 1 and 10");
            await Expect(page.Locator(".mud-input-control").Filter(new() { Has = page.Locator("#timeout-seconds") }))
                .ToContainTextAsync("Timeout must be between 1 and 86400");
            await Expect(page.Locator("tr.jq-job-row")).ToHaveCountAsync(0);

            await page.FillAsync("#max-attempts", "3");
            await page.FillAsync("#timeout-seconds", "30");
            await page.ClickAsync("#submit-job");
            var row = page.Locator("tr.jq-job-row");
            await Expect(row).ToHaveCountAsync(1);
            await row.Locator(".jq-details").ClickAsync();

            // Attempts fail after 0.2 s and wait 1 s, then 2 s, in the retry queues: the page shows when the next one is due.
            await Expect(page.Locator("#job-next-attempt")).ToContainTextAsync("at ", new() { Timeout = 20_000 });
            await Expect(page.Locator(".jq-status").First).ToHaveTextAsync("Retrying");
            await Expect(page.Locator(".jq-status").First).ToHaveTextAsync("Failed", new() { Timeout = 30_000 });
            await Expect(page.Locator("#job-attempt")).ToHaveTextAsync("3 of 3");
            await Expect(page.Locator("#job-timeout")).ToHaveTextAsync("30.0 s");
            await Expect(page.Locator("#job-error")).ToContainTextAsync("attempt 3 of 3; no attempts left");
            await Expect(page.Locator("#job-next-attempt")).ToHaveCountAsync(0);
            await Expect(page.Locator("#timeline-retrying")).ToHaveCountAsync(2);
        });

    [BrowserFact]
    public Task JobDetail_HtmlInPayloadAndResult_IsShownAsText() =>
        browser.RunAsync(system.DashboardUrl, nameof(JobDetail_HtmlInPayloadAndResult_IsShownAsText), async page =>
        {
            using var user = await OpenJobsPageAsync(page);
            const string html = "<img src=x onerror=\"window.jqInjected=1\"><b>bold</b>";
            var job = await user.SubmitAsync("uppercase_text", System.Text.Json.JsonSerializer.Serialize(html), system.Queue);
            await user.WaitForStatusAsync(job.Id, JobStatus.Succeeded);

            await page.GotoAsync($"/jobs/{job.Id}");

            await Expect(page.Locator("#job-result")).ToHaveTextAsync(html.ToUpperInvariant());
            await Expect(page.Locator("#job-payload")).ToContainTextAsync("<b>bold</b>");
            await Expect(page.Locator("#job-result img, #job-payload img, #job-result b, #job-payload b")).ToHaveCountAsync(0);
            (await page.EvaluateAsync<bool>("window.jqInjected === undefined")).ShouldBeTrue();
        });

    [BrowserFact]
    public Task JobDetail_LongResult_ScrollsAndCopiesIdAndResult() =>
        browser.RunAsync(system.DashboardUrl, nameof(JobDetail_LongResult_ScrollsAndCopiesIdAndResult), async page =>
        {
            using var user = await OpenJobsPageAsync(page);
            await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
            var job = await user.SubmitAsync("fibonacci_calc", "10000", system.Queue);

            await page.Locator($"tr.job-{job.Id} .jq-details").ClickAsync();

            await Expect(page.Locator("#job-result")).ToHaveTextAsync(Expected.Fibonacci(10000));
            (await page.Locator("#job-result").EvaluateAsync<bool>("e => e.scrollHeight > e.clientHeight")).ShouldBeTrue("the result should scroll");
            await page.Locator("#timeline-succeeded").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.ClickAsync("#copy-id");
            await Expect(page.GetByText("Id copied")).ToBeVisibleAsync();
            (await page.EvaluateAsync<string>("navigator.clipboard.readText()")).ShouldBe(job.Id.ToString());
            await page.ClickAsync("#copy-result");
            await Expect(page.GetByText("Result copied")).ToBeVisibleAsync();
            (await page.EvaluateAsync<string>("navigator.clipboard.readText()")).ShouldBe(Expected.Fibonacci(10000));
        });

    [BrowserFact]
    public Task JobDetail_LogLinesAppearInOrderWhileTheJobRuns_WithoutReload() =>
        browser.RunAsync(system.DashboardUrl, nameof(JobDetail_LogLinesAppearInOrderWhileTheJobRuns_WithoutReload), async page =>
        {
            using var user = await OpenJobsPageAsync(page);
            var job = await user.SubmitAsync("sleep", "{\"seconds\": 4, \"steps\": 4}", system.Queue);
            await page.GotoAsync($"/jobs/{job.Id}");
            await SignInPage.WaitUntilInteractiveAsync(page);
            await page.EvaluateAsync("window.jqNotReloaded = true");

            var lines = page.Locator("#job-log .jq-log-line");
            // The first step's line is on the page while the job still runs.
            await Expect(lines.Filter(new() { HasText = "step 1 of 4 done" })).ToHaveCountAsync(1);
            await Expect(page.Locator(".jq-status")).ToHaveTextAsync("Running");

            await Expect(page.Locator(".jq-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 30_000 });
            await Expect(lines).ToHaveCountAsync(5);
            (await lines.AllInnerTextsAsync()).Select(t => Regex.Replace(t, @"^\S+ INFO ", "")).ShouldBe(
                ["sleeping 4 s in 4 step(s) of 1 s", "step 1 of 4 done", "step 2 of 4 done", "step 3 of 4 done", "step 4 of 4 done"]);
            await Expect(page.Locator("#job-log-count")).ToHaveTextAsync("5 line(s)");
            await ExpectNotReloadedAsync(page);
        });

    [BrowserFact]
    public Task AllMatching_CancelAfterTheCountIsConfirmed_ShowsProgressAndCancelsEveryMatchingJob() =>
        browser.RunAsync(system.DashboardUrl, nameof(AllMatching_CancelAfterTheCountIsConfirmed_ShowsProgressAndCancelsEveryMatchingJob), async page =>
        {
            using var user = await OpenJobsPageAsync(page);
            var idle = await system.NewQueueAsync("ui-bulk");
            var jobs = await user.SubmitBatchAsync("reverse_string", Enumerable.Range(0, 30).Select(i => $"\"bulk {i}\""), idle);
            await page.FillAsync("#filter-queue", idle);
            await Expect(page.Locator("tr.jq-job-row")).ToHaveCountAsync(25);

            await page.ClickAsync("#bulk-menu");
            await page.Locator(".jq-bulk-cancel").ClickAsync();
            await Expect(page.Locator(".mud-message-box")).ToContainTextAsync($"Cancel 30 job(s) matching queue={idle}?");
            await page.Locator(".mud-message-box__yes-button").ClickAsync();

            await Expect(page.Locator("#bulk-progress-text")).ToHaveTextAsync("Done: cancelled 30 of 30 job(s).");
            await Expect(page.Locator("tr.jq-job-row .jq-status").Filter(new() { HasText = "Cancelled" })).ToHaveCountAsync(25);
            (await user.ListAsync($"?queue={idle}&status=Cancelled")).Total.ShouldBe(jobs.Count);
            await ExpectNotReloadedAsync(page);
        });

    [BrowserFact]
    public Task JobDetail_CancelButton_CancelsARunningJobLive() =>
        browser.RunAsync(system.DashboardUrl, nameof(JobDetail_CancelButton_CancelsARunningJobLive), async page =>
        {
            using var user = await OpenJobsPageAsync(page);
            var job = await user.SubmitAsync("sleep", "{\"seconds\": 60, \"steps\": 60}", system.Queue);
            await page.GotoAsync($"/jobs/{job.Id}");
            await SignInPage.WaitUntilInteractiveAsync(page);
            await Expect(page.Locator(".jq-status")).ToHaveTextAsync("Running");

            await page.ClickAsync("#cancel-job");

            await Expect(page.Locator(".jq-status")).ToHaveTextAsync("Cancelled");
            await Expect(page.Locator("#timeline-cancelled")).ToHaveCountAsync(1);
        });

    [BrowserFact]
    public Task ConnectionDrop_ShowsTheReconnectingBanner_ThenCatchesUp() =>
        browser.RunAsync(system.DashboardUrl, nameof(ConnectionDrop_ShowsTheReconnectingBanner_ThenCatchesUp), async page =>
        {
            // The circuit's WebSocket goes through this route, so the test can drop it and refuse reconnects a while.
            var refuse = false;
            IWebSocketRoute? circuit = null;
            await page.RouteWebSocketAsync(new Regex("/_blazor"), socket =>
            {
                if (refuse)
                {
                    _ = socket.CloseAsync();
                    return;
                }
                circuit = socket;
                socket.ConnectToServer();
            });
            using var user = await OpenJobsPageAsync(page);
            var banner = page.Locator("#components-reconnect-modal");
            await Expect(banner).ToBeHiddenAsync();

            refuse = true;
            await circuit!.CloseAsync();
            await Expect(banner).ToBeVisibleAsync();
            await Expect(banner).ToContainTextAsync("reconnecting");
            await Expect(banner.Locator(".jq-lost-at")).Not.ToBeEmptyAsync();
            var job = await user.SubmitAsync("reverse_string", "\"while you were away\"", system.Queue);
            await user.WaitForStatusAsync(job.Id, JobStatus.Succeeded);
            refuse = false;

            await Expect(banner).ToBeHiddenAsync(new() { Timeout = 30_000 });
            await Expect(Row(page, job.Id).Locator(".jq-status")).ToHaveTextAsync("Succeeded");
            await Expect(Row(page, job.Id)).ToContainTextAsync("yawa erew uoy elihw");
            await ExpectNotReloadedAsync(page);
        });

    [BrowserFact]
    public Task SelectSeveral_CancelSelected_CancelsThemTogether() =>
        browser.RunAsync(system.DashboardUrl, nameof(SelectSeveral_CancelSelected_CancelsThemTogether), async page =>
        {
            using var user = await OpenJobsPageAsync(page);
            var parked = await system.NewQueueAsync("bulk");
            var first = await user.SubmitAsync("reverse_string", "\"one\"", parked);
            var second = await user.SubmitAsync("reverse_string", "\"two\"", parked);
            var kept = await user.SubmitAsync("reverse_string", "\"three\"", parked);
            await Expect(Row(page, kept.Id)).ToHaveCountAsync(1);
            await Expect(page.Locator("#cancel-selected")).ToBeDisabledAsync();

            await Row(page, first.Id).Locator("input[type=checkbox]").CheckAsync();
            await Row(page, second.Id).Locator("input[type=checkbox]").CheckAsync();
            await page.ClickAsync("#cancel-selected");
            // Asked first: keeping them changes nothing.
            await Expect(page.Locator(".mud-message-box")).ToContainTextAsync("Cancel 2 selected job(s)?");
            await page.Locator(".mud-message-box__cancel-button").ClickAsync();
            await Expect(Row(page, first.Id).Locator(".jq-status")).ToHaveTextAsync("Queued");
            await page.ClickAsync("#cancel-selected");
            await page.Locator(".mud-message-box__yes-button").ClickAsync();

            await Expect(Row(page, first.Id).Locator(".jq-status")).ToHaveTextAsync("Cancelled");
            await Expect(Row(page, second.Id).Locator(".jq-status")).ToHaveTextAsync("Cancelled");
            await Expect(Row(page, kept.Id).Locator(".jq-status")).ToHaveTextAsync("Queued");
            (await user.GetAsync(first.Id)).Status.ShouldBe(JobStatus.Cancelled);
        });

    [BrowserFact]
    public Task FiltersSearchAndSort_NarrowAndOrderTheTable() =>
        browser.RunAsync(system.DashboardUrl, nameof(FiltersSearchAndSort_NarrowAndOrderTheTable), async page =>
        {
            using var user = await OpenJobsPageAsync(page);
            var parked = await system.NewQueueAsync("filter");
            var queued = await user.SubmitAsync("uppercase_text", "\"waiting\"", parked);
            var done = await user.SubmitAsync("fibonacci_calc", "12", system.Queue);
            await user.WaitForStatusAsync(done.Id, JobStatus.Succeeded);
            await Expect(page.Locator("tr.jq-job-row")).ToHaveCountAsync(2);

            await page.FillAsync("#filter-queue", parked);
            await Expect(page.Locator("tr.jq-job-row")).ToHaveCountAsync(1);
            await Expect(Row(page, queued.Id)).ToHaveCountAsync(1);
            await page.FillAsync("#filter-queue", "");
            await Expect(page.Locator("tr.jq-job-row")).ToHaveCountAsync(2);

            await page.Locator(".jq-filter-status").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^Succeeded$") }).ClickAsync();
            await Expect(page.Locator("tr.jq-job-row")).ToHaveCountAsync(1);
            await Expect(Row(page, done.Id)).ToHaveCountAsync(1);
            await page.Locator(".jq-filter-status").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^Queued$") }).ClickAsync();
            await Expect(page.Locator("tr.jq-job-row")).ToHaveCountAsync(1);
            await Expect(Row(page, queued.Id)).ToHaveCountAsync(1);
            await page.Keyboard.PressAsync("Escape");
            await page.Locator(".jq-filter-status .mud-input-clear-button").ClickAsync();
            await Expect(page.Locator("tr.jq-job-row")).ToHaveCountAsync(2);

            await page.FillAsync("#search-id", done.Id.ToString()[^8..]);
            await Expect(page.Locator("tr.jq-job-row")).ToHaveCountAsync(1);
            await Expect(Row(page, done.Id)).ToHaveCountAsync(1);
            await page.FillAsync("#search-id", "");
            await Expect(page.Locator("tr.jq-job-row")).ToHaveCountAsync(2);

            // Newest first by default; sorting by type ascending puts fibonacci_calc before uppercase_text.
            await Expect(page.Locator("tr.jq-job-row").First).ToHaveClassAsync(new Regex($"job-{done.Id}"));
            await page.GetByRole(AriaRole.Columnheader, new() { Name = "Type" }).ClickAsync();
            await Expect(page.Locator("tr.jq-job-row").First).ToHaveClassAsync(new Regex($"job-{done.Id}"));
            await page.GetByRole(AriaRole.Columnheader, new() { Name = "Type" }).ClickAsync();
            await Expect(page.Locator("tr.jq-job-row").First).ToHaveClassAsync(new Regex($"job-{queued.Id}"));
        });

    [BrowserFact]
    public Task NavigationDrawer_MenuButtonClosesAndOpensIt() =>
        browser.RunAsync(system.DashboardUrl, nameof(NavigationDrawer_MenuButtonClosesAndOpensIt), async page =>
        {
            using var user = await OpenJobsPageAsync(page);
            var jobsLink = page.Locator(".mud-drawer a[href='/jobs']");
            await Expect(jobsLink).ToBeVisibleAsync();

            await page.GetByLabel("Toggle navigation").ClickAsync();
            await Expect(jobsLink).Not.ToBeInViewportAsync();

            await page.GetByLabel("Toggle navigation").ClickAsync();
            await Expect(jobsLink).ToBeInViewportAsync();
        });

    private static async Task<double> ProgressAsync(ILocator bar) =>
        double.Parse(await bar.GetAttributeAsync("aria-valuenow") ?? "0", CultureInfo.InvariantCulture);
}
