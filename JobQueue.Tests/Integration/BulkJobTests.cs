using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Bulk;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobQueue.Tests.Integration;

/// <summary>Acting on every job a filter matches: counted first, run on the server in batches, its progress readable.</summary>
[Collection(SystemTests.Name)]
public class BulkJobTests(JobQueueSystem system)
{
    internal static async Task<BulkCount> CountAsync(ApiClient api, string body)
    {
        using var response = await api.PostJsonAsync("/api/jobs/bulk/count", body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<BulkCount>(ApiClient.Json))!;
    }

    internal static async Task<BulkOperationDto> StartAsync(ApiClient api, string body)
    {
        using var response = await api.PostJsonAsync("/api/jobs/bulk", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<BulkOperationDto>(ApiClient.Json))!;
    }

    internal static Task<BulkOperationDto> ReadAsync(ApiClient api, Guid id) =>
        api.Http.GetFromJsonAsync<BulkOperationDto>($"/api/jobs/bulk/{id}", ApiClient.Json)!;

    internal static Task<BulkOperationDto> WaitUntilDoneAsync(ApiClient api, Guid id, TimeSpan? timeout = null) =>
        Eventually.ReadAsync(() => ReadAsync(api, id), o => o.Status is not (BulkOperationStatus.Queued or BulkOperationStatus.Running),
            "the bulk operation's end", timeout);

    [Fact]
    public async Task BulkRetry_OfFailedJobs_RunsEachAgainAsItsNextAttempt_AndTakesTheirDeadLetters()
    {
        using var user = await system.NewUserAsync();
        var jobs = new List<Guid>();
        for (var i = 0; i < 10; i++)
            jobs.Add((await user.SubmitJsonAsync($$"""{"type":"sleep","payload":{"seconds":0.05,"steps":1,"failAttempts":1},"maxAttempts":1,"queue":"{{system.Queue}}"}""")).Id);
        foreach (var id in jobs)
            await user.WaitForStatusAsync(id, JobStatus.Failed);

        var filter = $$"""{"status":"Failed","type":"sleep","queue":"{{system.Queue}}"}""";
        (await CountAsync(user, $$"""{"action":"retry","filter":{{filter}}}""")).Count.ShouldBe(10);
        var operation = await StartAsync(user, $$"""{"action":"retry","filter":{{filter}},"expectedCount":10}""");
        operation.Total.ShouldBe(10);

        (await WaitUntilDoneAsync(user, operation.Id)).ShouldSatisfyAllConditions(
            o => o.Status.ShouldBe(BulkOperationStatus.Done), o => o.Done.ShouldBe(10));
        foreach (var id in jobs)
        {
            var done = await user.WaitForStatusAsync(id, JobStatus.Succeeded);
            done.Attempt.ShouldBe(2);
        }
    }

    [Fact]
    public async Task BulkDelete_TakesOnlyFinishedJobs_AndBulkCancel_OnlyTheCallersOwn()
    {
        using var user = await system.NewUserAsync();
        using var other = await system.NewUserAsync();
        var idle = await system.NewQueueAsync("bulk-idle");
        var finished = await user.SubmitBatchAsync("reverse_string", Enumerable.Range(0, 5).Select(i => $"\"d{i}\""), system.Queue);
        foreach (var job in finished)
            await user.WaitForStatusAsync(job.Id, JobStatus.Succeeded);
        var waiting = await user.SubmitAsync("reverse_string", "\"waits\"", idle);
        var othersWaiting = await other.SubmitAsync("reverse_string", "\"not yours\"", idle);

        var delete = await StartAsync(user, $$$"""{"action":"delete","filter":{"queue":"{{{system.Queue}}}"}}""");
        (await WaitUntilDoneAsync(user, delete.Id)).Done.ShouldBe(5);
        foreach (var job in finished)
            (await user.Http.GetAsync(new Uri($"/api/jobs/{job.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Deleting never takes an unfinished job; cancelling takes the caller's own only.
        (await CountAsync(user, $$$"""{"action":"delete","filter":{"queue":"{{{idle}}}"}}""")).Count.ShouldBe(0);
        var cancel = await StartAsync(user, $$$"""{"action":"cancel","filter":{"queue":"{{{idle}}}"}}""");
        (await WaitUntilDoneAsync(user, cancel.Id)).Done.ShouldBe(1);
        (await user.GetAsync(waiting.Id)).Status.ShouldBe(JobStatus.Cancelled);
        (await other.GetAsync(othersWaiting.Id)).Status.ShouldBe(JobStatus.Queued);
        (await other.Http.GetAsync(new Uri($"/api/jobs/bulk/{cancel.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await other.CancelAsync(othersWaiting.Id);
    }

    [Fact]
    public async Task Bulk_BadRequests_Answer4xxSayingWhy_AndStartNothing()
    {
        using var user = await system.NewUserAsync();
        var idle = await system.NewQueueAsync("bulk-bad");
        await user.SubmitAsync("reverse_string", "\"one\"", idle);
        await user.SubmitAsync("reverse_string", "\"two\"", idle);
        foreach (var (body, field) in new[]
        {
            ("""{"action":"explode"}""", "action"),
            ("""{"filter":{}}""", "action"),
            ("""{"action":"cancel","filter":{"status":"Sleeping"}}""", "filter.status"),
            ("""{"action":"cancel","filter":{"createdFrom":"2026-12-02T00:00:00Z","createdTo":"2026-12-01T00:00:00Z"}}""", "filter.createdTo"),
            ("""{"action":"cancel","expectedCount":-1}""", "expectedCount"),
        })
        {
            using var response = await user.PostJsonAsync("/api/jobs/bulk", body);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
            (await response.Content.ReadAsStringAsync()).ShouldContain($"\"{field}\"", customMessage: body);
        }
        // More jobs match than the caller confirmed: nothing starts.
        using var tooMany = await user.PostJsonAsync("/api/jobs/bulk", $$"""{"action":"cancel","filter":{"queue":"{{idle}}"},"expectedCount":1}""");
        tooMany.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await user.ListAsync($"?queue={idle}&status=Queued")).Total.ShouldBe(2);
    }
}

/// <summary>The bulk cancel at 100,000 jobs (SQLite, the embedded default): it completes in batches, reporting progress.</summary>
[Collection(SystemTests.Name)]
public class BulkCancelAtScaleTests(JobQueueSystem system, ITestOutputHelper output)
{
    private const int Jobs = 100_000;

    [Fact]
    public async Task BulkCancel_OfAHundredThousandQueuedJobs_ReportsProgress_AndLeavesNoneQueued()
    {
        using var user = await system.NewUserAsync();
        var idle = await system.NewQueueAsync("bulk-100k");
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var batch && batch < Jobs / 1000)
            {
                var body = $"{{\"jobs\":[{string.Join(",", Enumerable.Range(0, 1000).Select(i => $"{{\"type\":\"reverse_string\",\"payload\":\"{batch}-{i}\",\"queue\":\"{idle}\"}}"))}]}}";
                // Over the per-user submit rate (5,000 a second) the dashboard answers 429: wait as it says and send again.
                while (true)
                {
                    using var response = await user.PostJsonAsync("/api/jobs/batch", body);
                    if (response.StatusCode == HttpStatusCode.Created)
                        break;
                    response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, await response.Content.ReadAsStringAsync());
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                }
            }
        }));
        output.WriteLine($"submitted {Jobs} jobs in {clock.Elapsed.TotalSeconds:0.0} s");

        var filter = $$"""{"status":"Queued","queue":"{{idle}}"}""";
        (await BulkJobTests.CountAsync(user, $$"""{"action":"cancel","filter":{{filter}}}""")).Count.ShouldBe(Jobs);
        clock.Restart();
        var operation = await BulkJobTests.StartAsync(user, $$"""{"action":"cancel","filter":{{filter}},"expectedCount":{{Jobs}}}""");
        var seen = new List<int>();
        BulkOperationDto state;
        do
        {
            await Task.Delay(200);
            state = await BulkJobTests.ReadAsync(user, operation.Id);
            seen.Add(state.Done);
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(5), $"the bulk cancel got to {state.Done} of {Jobs}");
        }
        while (state.Status is BulkOperationStatus.Queued or BulkOperationStatus.Running);
        output.WriteLine($"cancelled {state.Done} jobs in {clock.Elapsed.TotalSeconds:0.0} s; progress seen: {string.Join(", ", seen.Distinct().Take(20))}");

        state.Status.ShouldBe(BulkOperationStatus.Done);
        state.Done.ShouldBe(Jobs);
        seen.ShouldContain(done => done > 0 && done < Jobs, "no progress between the start and the end was reported");
        seen.ShouldBeInOrder(SortDirection.Ascending);
        (await user.ListAsync($"?queue={idle}&status=Queued")).Total.ShouldBe(0);
        (await user.ListAsync($"?queue={idle}&status=Cancelled&total=exact")).Total.ShouldBe(Jobs);
        using var admin = await system.SignInAsAdminAsync();
        var audited = await admin.Http.GetFromJsonAsync<AuditPage>($"/api/audit?action={AuditActions.JobsBulkCancel}&target={idle}", ApiClient.Json);
        audited!.Items.ShouldHaveSingleItem().Details.ShouldBe($"{Jobs} matching job(s); operation {operation.Id}");
    }
}
